namespace LybuntCrm.Web.Domain;

/// <summary>The red flags a prospect can show.</summary>
public enum SignalKind { IdeaTaker, AlwaysDelaying, TooCostly, Abusive, GoneQuiet }

/// <summary>The configurable thresholds of the prospect signals.</summary>
public sealed record SignalThresholds(
    int IdeaTakerDays = 21,
    int DelayCount = 3,
    int DelayWindowDays = 180,
    int CostPercent = 20,
    int QuietDays = 90,
    int SilenceDays = 30)
{
    public static SignalThresholds Default { get; } = new();
}

/// <summary>What the signals need to know about a prospect.</summary>
public sealed record ProspectFacts(int ClientId, DateOnly CreatedOn, decimal? ExpectedValue, decimal? AcquisitionCost);

/// <summary>The part of a touchpoint the signals look at; the evidence is a list of these.</summary>
public sealed record SignalTouch(int Id, int ClientId, DateOnly OccurredOn, Direction Direction, TouchpointOutcome Outcome, bool Disrespectful, decimal? Cost);

/// <summary>One red flag with the touchpoints that prove it.</summary>
public sealed record Signal(SignalKind Kind, IReadOnlyList<int> EvidenceIds, int Days = 0, int Count = 0, decimal Percent = 0);

/// <summary>
/// The prospect signals (DESIGN "Prospect signals"), as pure functions of a prospect's facts and touchpoints:
/// <list type="bullet">
/// <item>Idea taker: a proposal was sent and no inbound response came on or after it within <c>IdeaTakerDays</c> days (raised once that many days have passed).</item>
/// <item>Always delaying: <c>DelayCount</c> or more postponed or no-show touchpoints in the last <c>DelayWindowDays</c> days (today included).</item>
/// <item>Too costly: acquisition cost strictly above <c>CostPercent</c>% of the expected value.</item>
/// <item>Abusive: any touchpoint flagged disrespectful.</item>
/// <item>Gone quiet: no inbound response for <c>QuietDays</c> days (counted from the first day we knew them when they never responded).</item>
/// </list>
/// </summary>
public static class ProspectSignals
{
    /// <summary>Touchpoints that can matter to a signal; the job loads only these (a filter the database runs).</summary>
    public static bool MayMatter(Direction direction, TouchpointOutcome outcome, bool disrespectful, decimal? cost) =>
        direction == Direction.Inbound || disrespectful || cost != null
        || outcome is TouchpointOutcome.ProposalSent or TouchpointOutcome.Postponed or TouchpointOutcome.NoShow;

    public static IReadOnlyList<Signal> Evaluate(ProspectFacts prospect, IEnumerable<SignalTouch> touches, DateOnly today, SignalThresholds? thresholds = null)
    {
        var t = thresholds ?? SignalThresholds.Default;
        var all = touches.Where(x => x.ClientId == prospect.ClientId && x.OccurredOn <= today)
            .OrderBy(x => x.OccurredOn).ThenBy(x => x.Id).ToList();
        var signals = new List<Signal>(5);
        var lastInbound = all.Where(x => x.Direction == Direction.Inbound).Select(x => (DateOnly?)x.OccurredOn).LastOrDefault();

        // Idea taker: proposals after the last response, left unanswered for the whole window.
        var unanswered = all.Where(x => x.Outcome == TouchpointOutcome.ProposalSent && x.Direction == Direction.Outbound
                && (lastInbound is null || x.OccurredOn > lastInbound)
                && today.DayNumber - x.OccurredOn.DayNumber >= t.IdeaTakerDays)
            .ToList();
        if (unanswered.Count > 0)
            signals.Add(new Signal(SignalKind.IdeaTaker, unanswered.Select(x => x.Id).ToList(),
                Days: today.DayNumber - unanswered[0].OccurredOn.DayNumber));

        var windowStart = today.AddDays(-(t.DelayWindowDays - 1));
        var delays = all.Where(x => x.Outcome is TouchpointOutcome.Postponed or TouchpointOutcome.NoShow && x.OccurredOn >= windowStart).ToList();
        if (delays.Count >= t.DelayCount && t.DelayCount > 0)
            signals.Add(new Signal(SignalKind.AlwaysDelaying, delays.Select(x => x.Id).ToList(), Count: delays.Count));

        if (IsTooCostly(prospect.AcquisitionCost, prospect.ExpectedValue, t.CostPercent))
            signals.Add(new Signal(SignalKind.TooCostly, all.Where(x => x.Cost is > 0).Select(x => x.Id).ToList(),
                Percent: Math.Round(prospect.AcquisitionCost!.Value * 100m / prospect.ExpectedValue!.Value, 1)));

        var rude = all.Where(x => x.Disrespectful).ToList();
        if (rude.Count > 0)
            signals.Add(new Signal(SignalKind.Abusive, rude.Select(x => x.Id).ToList(), Count: rude.Count));

        var quietSince = lastInbound ?? prospect.CreatedOn;
        var quietDays = today.DayNumber - quietSince.DayNumber;
        if (quietDays >= t.QuietDays)
        {
            // The evidence: our attempts since they last answered, and that last answer.
            var evidence = all.Where(x => x.OccurredOn >= quietSince && (x.Direction == Direction.Outbound || x.OccurredOn == lastInbound))
                .Select(x => x.Id).ToList();
            signals.Add(new Signal(SignalKind.GoneQuiet, evidence, Days: quietDays));
        }
        return signals;
    }

    public static bool IsTooCostly(decimal? acquisitionCost, decimal? expectedValue, int costPercent) =>
        acquisitionCost is { } cost && expectedValue is > 0 && cost * 100m > expectedValue.Value * costPercent;

    /// <summary>The reason a disqualification would most likely give for a signal.</summary>
    public static DisqualifyReason ReasonFor(SignalKind kind) => kind switch
    {
        SignalKind.IdeaTaker => DisqualifyReason.IdeaTaker,
        SignalKind.AlwaysDelaying => DisqualifyReason.AlwaysDelaying,
        SignalKind.TooCostly => DisqualifyReason.TooCostly,
        SignalKind.Abusive => DisqualifyReason.Abusive,
        _ => DisqualifyReason.Other,
    };

    /// <summary>Signals not silenced by a keep-pursuing decision.</summary>
    public static IReadOnlyList<Signal> Active(IReadOnlyList<Signal> signals, IReadOnlySet<SignalKind> silenced) =>
        silenced.Count == 0 ? signals : signals.Where(s => !silenced.Contains(s.Kind)).ToList();

    /// <summary>ISO week key, e.g. "2026-W25", for follow-ups that must exist once per week.</summary>
    public static string IsoWeek(DateOnly day)
    {
        var dt = day.ToDateTime(TimeOnly.MinValue);
        return $"{System.Globalization.ISOWeek.GetYear(dt)}-W{System.Globalization.ISOWeek.GetWeekOfYear(dt):00}";
    }

    public static string ReviewSourceKey(int clientId, DateOnly today) => $"review:{clientId}:{IsoWeek(today)}";
}
