namespace LybuntCrm.Web.Features.Digest;

/// <summary>Why a one-click link does nothing; each has its own page text and HTTP status.</summary>
public enum ActionLinkRefusal
{
    /// <summary>Altered, cut short or made elsewhere.</summary>
    Invalid,
    Expired,
    AlreadyUsed,
    /// <summary>Signed in as someone other than the person the link was sent to.</summary>
    OtherUser,
    /// <summary>The follow-up no longer exists.</summary>
    Gone,
    /// <summary>Done or dismissed meanwhile, from Today or elsewhere.</summary>
    Closed,
    /// <summary>Given to another manager since the digest was written.</summary>
    Reassigned,
}
