namespace LybuntCrm.Web.Domain;

/// <summary>
/// One signed-in browser: made whenever the sign-in cookie is issued (by password or any other way), named in the cookie
/// by <see cref="Id"/>, and refused as soon as it is ended.
/// </summary>
public class UserSession
{
    public const int IdLength = 32;
    public const int UserAgentMaxLength = 512;
    public const int IpAddressMaxLength = 45;

    /// <summary>Random and unguessable: it is what the cookie names, and what "Sign out" on the sessions page posts.</summary>
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    /// <summary>Updated at most once a minute, so a busy browser does not write on every request.</summary>
    public DateTime LastSeenAtUtc { get; set; }
    /// <summary>Where the browser was last seen from.</summary>
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public DateTime? EndedAtUtc { get; set; }
    public SessionEndReason? EndedReason { get; set; }
}
