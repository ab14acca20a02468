namespace LybuntCrm.Web.Domain;

/// <summary>
/// What a Done, Snooze or Dismiss on Today changed, kept so it can be undone for <see cref="Window"/>: the client's
/// open follow-ups before and after (JSON), the touch it logged, and a random token the Undo button carries.
/// </summary>
public class FollowUpUndo
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public int Id { get; set; }
    public string Token { get; set; } = "";
    public string UserId { get; set; } = "";
    public int ClientId { get; set; }
    public int FollowUpId { get; set; }
    public FollowUpUndoAction Action { get; set; }
    public int? TouchpointId { get; set; }
    /// <summary>The client's follow-ups the action could touch, as they were before it.</summary>
    public string Before { get; set; } = "";
    /// <summary>The same follow-ups and any the action created, as they were right after it.</summary>
    public string After { get; set; } = "";
    /// <summary>The client's newest touch right after the action: a later one means someone else changed the client.</summary>
    public int LastTouchpointIdAfter { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? UndoneAtUtc { get; set; }
}
