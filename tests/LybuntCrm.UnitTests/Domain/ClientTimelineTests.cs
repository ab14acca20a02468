using LybuntCrm.Web.Domain;

namespace LybuntCrm.UnitTests.Domain;

public sealed class ClientTimelineTests
{
    private static readonly DateOnly Added = new(2026, 3, 1);

    private static Touchpoint Touch(int year, int month, int day, TouchpointOutcome outcome, Direction direction = Direction.Outbound) =>
        new() { OccurredOn = new DateOnly(year, month, day), Outcome = outcome, Direction = direction };

    private static Client ClientWith(params Touchpoint[] touches)
    {
        var client = new Client { CreatedOn = Added, Touchpoints = [.. touches] };
        // What ClientFacts stores: the same rule, run on the touchpoints.
        client.LastContactOn = ClientTimeline.LastReachedFromTouchpoints.Compile()(client);
        return client;
    }

    [Fact]
    public void An_unanswered_call_is_a_first_contact_and_the_last_attempt_but_does_not_reach_the_client()
    {
        var timeline = ClientTimeline.For(ClientWith(Touch(2026, 4, 2, TouchpointOutcome.NoAnswer)));

        timeline.FirstContact.Should().Be(new DateOnly(2026, 4, 2));
        timeline.LastAttempt.Should().Be(new DateOnly(2026, 4, 2));
        timeline.LastReached.Should().BeNull();
    }

    [Fact]
    public void Last_reached_is_the_latest_touch_that_reached_the_client_or_came_from_them()
    {
        var timeline = ClientTimeline.For(ClientWith(
            Touch(2026, 3, 5, TouchpointOutcome.Reached),
            Touch(2026, 4, 9, TouchpointOutcome.ProposalSent, Direction.Inbound),
            Touch(2026, 5, 1, TouchpointOutcome.LeftMessage),
            Touch(2026, 5, 20, TouchpointOutcome.NoAnswer)));

        timeline.FirstContact.Should().Be(new DateOnly(2026, 3, 5));
        timeline.LastReached.Should().Be(new DateOnly(2026, 4, 9));
        timeline.LastAttempt.Should().Be(new DateOnly(2026, 5, 20));
    }

    [Fact]
    public void Without_touchpoints_there_is_no_first_contact_and_the_client_is_known_since_it_was_added()
    {
        var timeline = ClientTimeline.For(ClientWith());

        timeline.FirstContact.Should().BeNull();
        timeline.LastAttempt.Should().BeNull();
        timeline.KnownSince.Should().Be(Added);
    }

    [Fact]
    public void A_client_is_known_since_the_earlier_of_its_first_contact_and_the_day_it_was_added()
    {
        ClientTimeline.For(ClientWith(Touch(2025, 10, 17, TouchpointOutcome.Reached))).KnownSince.Should().Be(new DateOnly(2025, 10, 17));
        ClientTimeline.For(ClientWith(Touch(2026, 5, 17, TouchpointOutcome.Reached))).KnownSince.Should().Be(Added);
    }

    [Fact]
    public void Customer_since_is_the_recorded_key_date_over_the_first_purchase()
    {
        var client = ClientWith();
        client.FirstPurchaseOn = new DateOnly(2024, 5, 19);
        ClientTimeline.For(client).CustomerSince.Should().Be(new DateOnly(2024, 5, 19));

        client.KeyDates = [
            new KeyDate { Kind = KeyDateKind.Birthday, Date = new DateOnly(1980, 1, 2) },
            new KeyDate { Kind = KeyDateKind.CustomerSince, Date = new DateOnly(2025, 3, 12) },
        ];
        ClientTimeline.For(client).CustomerSince.Should().Be(new DateOnly(2025, 3, 12));
    }

    [Fact]
    public void A_client_who_never_bought_and_has_no_key_date_is_not_a_customer_yet() =>
        ClientTimeline.For(ClientWith()).CustomerSince.Should().BeNull();

    [Theory]
    [InlineData(Direction.Outbound, TouchpointOutcome.Reached, true)]
    [InlineData(Direction.Inbound, TouchpointOutcome.Other, true)]
    [InlineData(Direction.Outbound, TouchpointOutcome.NoAnswer, false)]
    [InlineData(Direction.Outbound, TouchpointOutcome.LeftMessage, false)]
    [InlineData(Direction.Outbound, TouchpointOutcome.ProposalSent, false)]
    public void The_cadence_counts_from_the_same_touches_as_last_reached(Direction direction, TouchpointOutcome outcome, bool reaches) =>
        Touchpoint.CountsAsContact(direction, outcome).Should().Be(reaches);

    [Fact]
    public void A_projection_replaces_each_fact_by_its_rule()
    {
        var client = ClientWith(Touch(2026, 4, 2, TouchpointOutcome.NoAnswer));
        client.Name = "Bao Events";
        var row = ClientTimeline.Select((c, facts) => new { c.Name, facts.LastAttempt, Whole = facts }).Compile()(client);

        row.Name.Should().Be("Bao Events");
        row.LastAttempt.Should().Be(new DateOnly(2026, 4, 2));
        row.Whole.Should().Be(ClientTimeline.For(client));
    }
}
