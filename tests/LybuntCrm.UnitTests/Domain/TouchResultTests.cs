using LybuntCrm.Web.Domain;

namespace LybuntCrm.UnitTests.Domain;

public sealed class TouchResultTests
{
    [Theory]
    [InlineData(Direction.Outbound, TouchpointOutcome.Reached, TouchResult.Reached)]
    [InlineData(Direction.Inbound, TouchpointOutcome.Other, TouchResult.Reached)]
    [InlineData(Direction.Inbound, TouchpointOutcome.NoAnswer, TouchResult.Reached)]
    [InlineData(Direction.Outbound, TouchpointOutcome.NoAnswer, TouchResult.NoAnswer)]
    [InlineData(Direction.Outbound, TouchpointOutcome.LeftMessage, TouchResult.NoAnswer)]
    [InlineData(Direction.Outbound, TouchpointOutcome.NoShow, TouchResult.NoAnswer)]
    [InlineData(Direction.Outbound, TouchpointOutcome.ProposalSent, TouchResult.Other)]
    [InlineData(Direction.Outbound, TouchpointOutcome.Postponed, TouchResult.Other)]
    [InlineData(Direction.Outbound, TouchpointOutcome.Declined, TouchResult.Other)]
    public void A_touch_counts_as_reached_exactly_when_it_resets_the_cadence(Direction direction, TouchpointOutcome outcome, TouchResult expected)
    {
        Touchpoint.ResultOf(direction, outcome).Should().Be(expected);
        (expected == TouchResult.Reached).Should().Be(Touchpoint.CountsAsContact(direction, outcome));
    }
}
