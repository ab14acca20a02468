using Microsoft.AspNetCore.Identity;

namespace LybuntCrm.Web.Domain;

public class AppUser : IdentityUser
{
    public const int DefaultDailyCapacity = 8;

    public string DisplayName { get; set; } = "";
    public string TimeZoneId { get; set; } = "UTC";
    public int DailyCapacity { get; set; } = DefaultDailyCapacity;
    public bool DigestEnabled { get; set; } = true;
    public int DigestHour { get; set; } = 7;
    public bool IsActive { get; set; } = true;
    /// <summary>UI language: en, vi or fa.</summary>
    public string Culture { get; set; } = "en";
    public bool UseSolarHijri { get; set; }
    /// <summary>Secret for the personal calendar feed URL; regenerating it revokes old subscriptions.</summary>
    public string CalendarToken { get; set; } = "";
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string AccountManager = "AccountManager";
    public static readonly string[] All = [Admin, AccountManager];
}
