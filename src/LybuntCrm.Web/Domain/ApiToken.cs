namespace LybuntCrm.Web.Domain;

/// <summary>
/// A personal access token for the REST API. Only the SHA-256 of the token is stored; the token itself is shown once,
/// when it is made. It acts with the rights of its user, and only while that user is active.
/// </summary>
public class ApiToken
{
    public const string Prefix = "lyb_";
    public const int NameMaxLength = 100;
    public const int HashLength = 64;
    public const int HintLength = 12;

    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Lower-case hex SHA-256 of the whole token (prefix included).</summary>
    public string TokenHash { get; set; } = "";
    /// <summary>The token's first characters, so a person can tell their tokens apart without the secret.</summary>
    public string Hint { get; set; } = "";
    public ApiTokenScope Scope { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ExpiresAtUtc { get; set; }
    /// <summary>Updated at most once a minute, so a busy script does not write on every request.</summary>
    public DateTime? LastUsedAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }

    public bool IsUsableAt(DateTime utcNow) => RevokedAtUtc is null && (ExpiresAtUtc is null || ExpiresAtUtc > utcNow);
}
