using LybuntCrm.Web.Domain;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// The words for a client's dated facts (<see cref="ClientTimeline"/>), written once so that the client page, Today, the
/// prospect board, the review, the LYBUNT list and the digest say the same thing the same way.
/// </summary>
public static class TimelineText
{
    public static string FirstContact(IStringLocalizer t) => t["First contact"];

    public static string LastAttempt(IStringLocalizer t) => t["Last attempt"];

    public static string LastReached(IStringLocalizer t) => t["Last reached"];

    public static string CustomerSince(IStringLocalizer t) => t["Customer since"];

    /// <summary>"today", "yesterday", "12 days ago": how long ago a day was, for sentences that take it whole.</summary>
    public static string Ago(IStringLocalizer t, DisplayFormat f, DateOnly today, DateOnly on)
    {
        var days = today.DayNumber - on.DayNumber;
        return days <= 0 ? TextCase.InSentence(t["Today"]) : days == 1 ? t["yesterday"] : t["{0} days ago", f.Number(days)];
    }

    /// <summary>"Known for 37 days": since <see cref="ClientTimeline.KnownSince"/>.</summary>
    public static string KnownFor(IStringLocalizer t, DisplayFormat f, DateOnly today, DateOnly knownSince)
    {
        var days = Math.Max(0, today.DayNumber - knownSince.DayNumber);
        return days == 1 ? t["Known for {0} day", f.Number(1)] : t["Known for {0} days", f.Number(days)];
    }

    /// <summary>
    /// One line on how the last contact went, beside a follow-up: "Last reached 3 days ago", "Last reached 40 days ago, last
    /// attempt yesterday", "Last attempt 2 days ago, not reached yet", or "No contact yet" when nothing was logged.
    /// </summary>
    public static string Contact(IStringLocalizer t, DisplayFormat f, DateOnly today, DateOnly? lastAttempt, DateOnly? lastReached)
    {
        if (lastReached is { } reached)
        {
            return lastAttempt is { } attempt && attempt > reached
                ? t["Last reached {0}, last attempt {1}", Ago(t, f, today, reached), Ago(t, f, today, attempt)]
                : t["Last reached {0}", Ago(t, f, today, reached)];
        }
        return lastAttempt is { } only ? t["Last attempt {0}, not reached yet", Ago(t, f, today, only)] : t["No contact yet"];
    }
}
