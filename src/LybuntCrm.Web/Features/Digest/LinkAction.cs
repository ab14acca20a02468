namespace LybuntCrm.Web.Features.Digest;

/// <summary>What a one-click link in the digest does: Today's quick actions. Stored in the signed token as a byte.</summary>
public enum LinkAction : byte
{
    Reached = 1,
    NoAnswer = 2,
    Snooze = 3,
}
