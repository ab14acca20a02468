namespace LybuntCrm.Web.Domain;

/// <summary>
/// A short lease on work that only one app instance may do at a time (reading the Telegram bot's updates). The holder
/// renews it while working; another instance takes it over once it has expired.
/// </summary>
public class ServiceLease
{
    public string Name { get; set; } = "";
    public string Holder { get; set; } = "";
    public DateTime ExpiresAtUtc { get; set; }
}
