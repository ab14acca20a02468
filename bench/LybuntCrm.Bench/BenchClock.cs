using LybuntCrm.Web.Domain;

namespace LybuntCrm.Bench;

/// <summary>A clock pinned to one day (at 02:15 UTC, when nightly jobs run).</summary>
internal sealed class BenchClock(DateOnly today) : IClock
{
    public DateTime UtcNow => today.ToDateTime(new TimeOnly(2, 15), DateTimeKind.Utc);
    public DateOnly Today => today;
    public DateOnly TodayIn(string timeZoneId) => today;
}
