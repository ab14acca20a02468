namespace LybuntCrm.Web.Domain;

/// <summary>
/// One bulk change to many clients, kept so it can be undone for <see cref="Window"/>: what was set, and each client's
/// value before it, grouped by that value (JSON: previous value → client ids), so the undo is one update per group.
/// </summary>
public class BulkEdit
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public int Id { get; set; }
    public string Token { get; set; } = "";
    public string UserId { get; set; } = "";
    public BulkEditAction Action { get; set; }
    /// <summary>The value set: a cadence in days, a channel, the new owner's id, or the do-not-contact reason.</summary>
    public string? Value { get; set; }
    public string Previous { get; set; } = "";
    public int Count { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? UndoneAtUtc { get; set; }
}
