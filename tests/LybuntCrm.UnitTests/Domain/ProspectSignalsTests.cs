using LybuntCrm.Web.Domain;

namespace LybuntCrm.UnitTests.Domain;

public sealed class ProspectSignalsTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly ProspectFacts Prospect = new(1, Today.AddDays(-30), ExpectedValue: 10_000m, AcquisitionCost: 500m);
    private static int _nextId = 100;

    private static SignalTouch Touch(int daysAgo, Direction direction = Direction.Outbound, TouchpointOutcome outcome = TouchpointOutcome.Reached,
        bool disrespectful = false, decimal? cost = null) =>
        new(Interlocked.Increment(ref _nextId), 1, Today.AddDays(-daysAgo), direction, outcome, disrespectful, cost);

    private static IReadOnlyList<SignalKind> Kinds(ProspectFacts prospect, params SignalTouch[] touches) =>
        ProspectSignals.Evaluate(prospect, touches, Today).Select(s => s.Kind).ToList();

    // A recent inbound touch keeps "gone quiet" out of the tests of the other signals.
    private static SignalTouch RecentReply => Touch(1, Direction.Inbound);

    [Theory]
    [InlineData(20, false)]
    [InlineData(21, true)]
    [InlineData(22, true)]
    public void Proposal_without_a_response_is_an_idea_taker_from_day_21(int daysAgo, bool expected)
    {
        var proposal = Touch(daysAgo, outcome: TouchpointOutcome.ProposalSent);
        var reply = Touch(40, Direction.Inbound);
        var prospect = Prospect with { CreatedOn = Today.AddDays(-50) };

        var signals = ProspectSignals.Evaluate(prospect, [reply, proposal], Today);

        var idea = signals.SingleOrDefault(s => s.Kind == SignalKind.IdeaTaker);
        (idea is not null).Should().Be(expected);
        if (expected) idea!.EvidenceIds.Should().Equal(proposal.Id);
    }

    [Fact]
    public void A_response_after_the_proposal_clears_the_idea_taker_signal()
    {
        var kinds = Kinds(Prospect, Touch(25, outcome: TouchpointOutcome.ProposalSent), Touch(24, Direction.Inbound), RecentReply);
        kinds.Should().NotContain(SignalKind.IdeaTaker);
    }

    [Fact]
    public void A_response_on_the_day_of_the_proposal_counts()
    {
        var kinds = Kinds(Prospect, Touch(25, outcome: TouchpointOutcome.ProposalSent), Touch(25, Direction.Inbound), RecentReply);
        kinds.Should().NotContain(SignalKind.IdeaTaker);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public void Three_postponements_or_no_shows_make_a_prospect_always_too_busy(int count, bool expected)
    {
        var touches = Enumerable.Range(0, count)
            .Select(i => Touch(10 + i, outcome: i % 2 == 0 ? TouchpointOutcome.Postponed : TouchpointOutcome.NoShow))
            .Append(RecentReply).ToArray();

        var signal = ProspectSignals.Evaluate(Prospect, touches, Today).SingleOrDefault(s => s.Kind == SignalKind.AlwaysDelaying);

        (signal is not null).Should().Be(expected);
        if (expected) signal!.Count.Should().Be(count);
    }

    [Theory]
    [InlineData(178, true)]
    [InlineData(179, true)]
    [InlineData(180, false)]
    public void Postponements_count_only_within_180_days(int oldestDaysAgo, bool expected)
    {
        var kinds = Kinds(Prospect with { CreatedOn = Today.AddDays(-400) },
            Touch(oldestDaysAgo, outcome: TouchpointOutcome.Postponed), Touch(20, outcome: TouchpointOutcome.NoShow),
            Touch(5, outcome: TouchpointOutcome.Postponed), RecentReply);
        kinds.Contains(SignalKind.AlwaysDelaying).Should().Be(expected);
    }

    [Theory]
    [InlineData(1999.99, false)]
    [InlineData(2000, false)]
    [InlineData(2000.01, true)]
    public void Acquisition_cost_above_20_percent_of_expected_value_is_too_costly(decimal cost, bool expected)
    {
        var mealWithThem = Touch(3, cost: 80m);
        var signals = ProspectSignals.Evaluate(Prospect with { AcquisitionCost = cost }, [mealWithThem, RecentReply], Today);

        var signal = signals.SingleOrDefault(s => s.Kind == SignalKind.TooCostly);
        (signal is not null).Should().Be(expected);
        if (expected) signal!.EvidenceIds.Should().Equal(mealWithThem.Id);
    }

    [Fact]
    public void Without_an_expected_value_nothing_is_too_costly() =>
        Kinds(Prospect with { ExpectedValue = null, AcquisitionCost = 900m }, RecentReply).Should().BeEmpty();

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    public void Any_disrespectful_touchpoint_flags_the_prospect_as_abusive(int rude, bool expected)
    {
        var touches = Enumerable.Range(0, rude).Select(i => Touch(5 + i, Direction.Inbound, disrespectful: true)).Append(RecentReply).ToArray();
        var signal = ProspectSignals.Evaluate(Prospect, touches, Today).SingleOrDefault(s => s.Kind == SignalKind.Abusive);
        (signal is not null).Should().Be(expected);
        if (expected) signal!.EvidenceIds.Should().BeEquivalentTo(touches.Where(t => t.Disrespectful).Select(t => t.Id));
    }

    [Theory]
    [InlineData(89, false)]
    [InlineData(90, true)]
    [InlineData(91, true)]
    public void No_inbound_response_for_90_days_means_gone_quiet(int daysSinceReply, bool expected)
    {
        var reply = Touch(daysSinceReply, Direction.Inbound);
        var attempt = Touch(daysSinceReply - 10, outcome: TouchpointOutcome.NoAnswer);
        var signals = ProspectSignals.Evaluate(Prospect with { CreatedOn = Today.AddDays(-300) }, [reply, attempt], Today);

        var signal = signals.SingleOrDefault(s => s.Kind == SignalKind.GoneQuiet);
        (signal is not null).Should().Be(expected);
        if (expected)
        {
            signal!.Days.Should().Be(daysSinceReply);
            signal.EvidenceIds.Should().Equal(reply.Id, attempt.Id);
        }
    }

    [Theory]
    [InlineData(89, false)]
    [InlineData(90, true)]
    public void A_prospect_that_never_responded_goes_quiet_90_days_after_we_met_it(int daysKnown, bool expected) =>
        Kinds(Prospect with { CreatedOn = Today.AddDays(-daysKnown) }).Contains(SignalKind.GoneQuiet).Should().Be(expected);

    [Fact]
    public void Thresholds_come_from_the_settings()
    {
        var strict = new SignalThresholds(IdeaTakerDays: 7, DelayCount: 1, CostPercent: 1, QuietDays: 10);
        var touches = new[] { Touch(8, outcome: TouchpointOutcome.ProposalSent), Touch(12, outcome: TouchpointOutcome.Postponed), Touch(11, Direction.Inbound) };
        ProspectSignals.Evaluate(Prospect, touches, Today, strict).Select(s => s.Kind).Should()
            .BeEquivalentTo([SignalKind.IdeaTaker, SignalKind.AlwaysDelaying, SignalKind.TooCostly, SignalKind.GoneQuiet]);
    }

    [Fact]
    public void Silenced_signals_are_not_active()
    {
        var signals = ProspectSignals.Evaluate(Prospect with { AcquisitionCost = 5000m }, [Touch(2, Direction.Inbound, disrespectful: true)], Today);
        ProspectSignals.Active(signals, new HashSet<SignalKind> { SignalKind.TooCostly }).Select(s => s.Kind).Should().Equal(SignalKind.Abusive);
    }

    [Theory]
    [InlineData(2026, 6, 15, "2026-W25")]
    [InlineData(2027, 1, 1, "2026-W53")]
    [InlineData(2024, 12, 30, "2025-W01")]
    public void Review_follow_ups_are_keyed_by_iso_week(int y, int m, int d, string week) =>
        ProspectSignals.ReviewSourceKey(7, new DateOnly(y, m, d)).Should().Be($"review:7:{week}");
}
