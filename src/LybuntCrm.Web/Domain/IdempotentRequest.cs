namespace LybuntCrm.Web.Domain;

/// <summary>
/// The answer to an API create sent with an <c>Idempotency-Key</c>: the same key and body from the same token get the
/// same answer again instead of a second record. Kept for a day.
/// </summary>
public class IdempotentRequest
{
    public const int KeyMaxLength = 200;
    public const int HashLength = 64;
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    public long Id { get; set; }
    public int ApiTokenId { get; set; }
    public string Key { get; set; } = "";
    /// <summary>SHA-256 of method, path and body: the same key with another request is refused.</summary>
    public string RequestHash { get; set; } = "";
    public int StatusCode { get; set; }
    public string ResponseBody { get; set; } = "";
    public string? Location { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}
