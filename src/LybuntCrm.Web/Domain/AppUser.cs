using Microsoft.AspNetCore.Identity;

namespace LybuntCrm.Web.Domain;

public class AppUser : IdentityUser
{
    public const int DefaultDailyCapacity = 8;

    public string DisplayName { get; set; } = "";
    public string TimeZoneId { get; set; } = "UTC";
    public int DailyCapacity { get; set; } = DefaultDailyCapacity;
    /// <summary>The days of the week this person works (<see cref="WorkWeek"/> mask); nothing is planned on the others.</summary>
    public int WorkingDays { get; set; } = WorkWeek.MondayToFriday.Mask;
    public bool DigestEnabled { get; set; } = true;
    public int DigestHour { get; set; } = 7;
    public bool IsActive { get; set; } = true;
    /// <summary>UI language: en, vi or fa.</summary>
    public string Culture { get; set; } = "en";
    public bool UseSolarHijri { get; set; }
    /// <summary>Secret for the personal calendar feed URL; regenerating it revokes old subscriptions.</summary>
    public string CalendarToken { get; set; } = "";
    /// <summary>The saved view whose first clients the daily digest lists in a section of their own; null: no such section.</summary>
    public int? DigestViewId { get; set; }
    /// <summary>The saved view whose clients' open follow-ups make the calendar feed; null: every open follow-up.</summary>
    public int? CalendarViewId { get; set; }

    /// <summary>How the daily list reaches this person: by email, in Telegram, or both.</summary>
    public DigestDelivery DigestDelivery { get; set; } = DigestDelivery.Email;
    /// <summary>The Telegram chat linked to this person with the bot's /start code; null when none is.</summary>
    public long? TelegramChatId { get; set; }
    public DateTime? TelegramLinkedAtUtc { get; set; }
    /// <summary>The hash of the one-time code in the current "Connect" link (the code itself is never stored).</summary>
    public string? TelegramLinkCodeHash { get; set; }
    public DateTime? TelegramLinkCodeExpiresAtUtc { get; set; }
    /// <summary>When Telegram said this chat blocked the bot; nothing more is sent there until it is linked again.</summary>
    public DateTime? TelegramBlockedAtUtc { get; set; }

    /// <summary>
    /// Changes the UI language; a working week still at the old language's default follows the new one (Persian
    /// profiles work Saturday–Wednesday). Returns true when the working days changed.
    /// </summary>
    public bool ChangeCulture(string culture)
    {
        var followsDefault = WorkingDays == WorkWeek.DefaultFor(Culture).Mask;
        Culture = culture;
        if (!followsDefault || WorkingDays == WorkWeek.DefaultFor(culture).Mask) return false;
        WorkingDays = WorkWeek.DefaultFor(culture).Mask;
        return true;
    }
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string AccountManager = "AccountManager";
    public static readonly string[] All = [Admin, AccountManager];
}
