namespace LybuntCrm.Web.Domain;

/// <summary>A person at a client.</summary>
public class Contact
{
    public int Id { get; set; }
    public int ClientId { get; set; }
    public Client? Client { get; set; }
    public string Name { get; set; } = "";
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Role { get; set; }
    /// <summary>The phone number the contact uses Zalo with, in E.164 ("+84901234567").</summary>
    public string? ZaloPhone { get; set; }
    /// <summary>The contact's Telegram username, without the "@".</summary>
    public string? TelegramUsername { get; set; }
    /// <summary>The phone number the contact uses WhatsApp with, in E.164.</summary>
    public string? WhatsAppPhone { get; set; }
    public int? BirthdayDay { get; set; }
    public int? BirthdayMonth { get; set; }
    public int? BirthdayYear { get; set; }
    public Channel? PreferredChannel { get; set; }
    public bool IsPrimary { get; set; }
    /// <summary>Mail with this contact is never logged by mailbox sync (a private friend, a shared address).</summary>
    public bool ExcludedFromSync { get; set; }
    /// <summary>How messages address this person ("Ms Tran", "chị Lan", "خانم رضایی"); null: by name.</summary>
    public string? FormOfAddress { get; set; }
    /// <summary>The language messages to this person are written in ("en", "vi", "fa"); null: the manager's.</summary>
    public string? Language { get; set; }
    /// <summary>When mail to <see cref="Email"/> last bounced (a 5xx answer or a delivery report); cleared when the address changes.</summary>
    public DateTime? EmailBouncedAtUtc { get; set; }
    public string? EmailBounceReason { get; set; }
}
