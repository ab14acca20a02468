namespace LybuntCrm.Web.Domain;

/// <summary>The one source of "now" and "today" for all date logic.</summary>
public interface IClock
{
    DateTime UtcNow { get; }
    /// <summary>Today in UTC, or the pinned date.</summary>
    DateOnly Today { get; }
    /// <summary>Today in the given time zone, or the pinned date.</summary>
    DateOnly TodayIn(string timeZoneId);
}
