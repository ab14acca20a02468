using System.Globalization;
using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>The real clock; configuration <c>Clock:Today</c> (yyyy-MM-dd) pins today for demos and tests.</summary>
public sealed class SystemClock(IConfiguration configuration, TimeProvider time) : IClock
{
    private readonly DateOnly? _pinned = ParsePinned(configuration["Clock:Today"]);

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateOnly Today => _pinned ?? DateOnly.FromDateTime(UtcNow);

    public DateOnly TodayIn(string timeZoneId) =>
        _pinned ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(UtcNow, TimeZones.Find(timeZoneId)));

    private static DateOnly? ParsePinned(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day;
        throw new InvalidOperationException($"Clock:Today must be a date written yyyy-MM-dd, not '{value}'.");
    }
}

public static class TimeZones
{
    /// <summary>The zone with this IANA id, or UTC when the id is unknown.</summary>
    public static TimeZoneInfo Find(string? id)
    {
        if (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        return TimeZoneInfo.Utc;
    }

    public static bool IsKnown(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>IANA ids offered in forms, sorted.</summary>
    public static IReadOnlyList<string> Ids { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.Id).Where(id => id.Contains('/') || id == "UTC").Order(StringComparer.Ordinal).ToArray();
}
