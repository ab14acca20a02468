namespace LybuntCrm.Web.Domain;

/// <summary>What came of a touch, in the three groups the activity chart stacks (see <see cref="Touchpoint.ResultOf"/>).</summary>
public enum TouchResult
{
    /// <summary>We spoke with the client, or the client reached out to us: the touches that reset the cadence.</summary>
    Reached,
    /// <summary>Nobody answered: no answer, a message left, a meeting the client did not come to.</summary>
    NoAnswer,
    /// <summary>Anything else: a proposal sent, a postponement, a refusal.</summary>
    Other,
}
