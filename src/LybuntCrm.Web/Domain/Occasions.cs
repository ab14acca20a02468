namespace LybuntCrm.Web.Domain;

public enum OccasionKind { Birthday, CustomerSince, ProjectFollowUp, ProjectAnniversary, Custom }

/// <summary>A day worth a personal note, found <see cref="Occasions"/> days ahead; the source key makes it once per year.</summary>
public sealed record Occasion(OccasionKind Kind, DateOnly On, int Years, string SourceKey);

/// <summary>
/// Birthdays, customer-since anniversaries, delivered projects (+6 months, then every anniversary) and custom yearly
/// dates. An occasion is due when it falls between today and today + lead days. 29 February falls on 28 February in
/// other years.
/// </summary>
public static class Occasions
{
    public const int DefaultLeadDays = 7;
    public const int MaxLeadDays = 60;

    /// <summary>The day a yearly date falls on in the given year.</summary>
    public static DateOnly InYear(int year, int month, int day) =>
        new(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));

    /// <summary>Occurrences of a yearly date within [today, today + leadDays] (at most one, as lead days are under a year).</summary>
    public static IEnumerable<DateOnly> Within(int month, int day, DateOnly today, int leadDays)
    {
        if (month is < 1 or > 12 || day is < 1 or > 31) yield break;
        var last = today.AddDays(Math.Clamp(leadDays, 0, MaxLeadDays));
        for (var year = today.Year; year <= last.Year; year++)
        {
            var on = InYear(year, month, day);
            if (on >= today && on <= last) yield return on;
        }
    }

    public static IEnumerable<Occasion> Birthday(int contactId, int month, int day, int? birthYear, DateOnly today, int leadDays) =>
        Within(month, day, today, leadDays).Select(on =>
            new Occasion(OccasionKind.Birthday, on, birthYear is { } y && y < on.Year ? on.Year - y : 0, $"occasion:birthday:{contactId}:{on.Year}"));

    public static IEnumerable<Occasion> CustomerSince(int clientId, DateOnly since, DateOnly today, int leadDays) =>
        Anniversaries(since, today, leadDays).Select(on =>
            new Occasion(OccasionKind.CustomerSince, on, on.Year - since.Year, $"occasion:customer-since:{clientId}:{on.Year}"));

    /// <summary>A note with photos six months after delivery, then one on every anniversary.</summary>
    public static IEnumerable<Occasion> ProjectDelivered(int keyDateId, DateOnly delivered, DateOnly today, int leadDays)
    {
        var sixMonths = delivered.AddMonths(6);
        if (sixMonths >= today && sixMonths <= today.AddDays(Math.Clamp(leadDays, 0, MaxLeadDays)))
            yield return new Occasion(OccasionKind.ProjectFollowUp, sixMonths, 0, $"occasion:project-6m:{keyDateId}");
        foreach (var on in Anniversaries(delivered, today, leadDays))
            yield return new Occasion(OccasionKind.ProjectAnniversary, on, on.Year - delivered.Year, $"occasion:project:{keyDateId}:{on.Year}");
    }

    /// <summary>A custom date comes back every year, starting with the date itself.</summary>
    public static IEnumerable<Occasion> Custom(int keyDateId, DateOnly date, DateOnly today, int leadDays) =>
        Within(date.Month, date.Day, today, leadDays).Where(on => on.Year >= date.Year).Select(on =>
            new Occasion(OccasionKind.Custom, on, on.Year - date.Year, $"occasion:custom:{keyDateId}:{on.Year}"));

    private static IEnumerable<DateOnly> Anniversaries(DateOnly since, DateOnly today, int leadDays) =>
        Within(since.Month, since.Day, today, leadDays).Where(on => on.Year > since.Year);
}
