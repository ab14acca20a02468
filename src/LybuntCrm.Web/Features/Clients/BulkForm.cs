using System.Globalization;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>The bulk bar's fields, the same on the client list, Today, LYBUNT and Prospects.</summary>
public sealed class BulkForm
{
    public List<int> Ids { get; set; } = [];
    /// <summary>Follow-ups ticked on Today: the follow-up actions act on these only, the others on their clients.</summary>
    public List<int> FollowUpIds { get; set; } = [];
    /// <summary>True: every client matching the list's search and filters, not only the ticked rows.</summary>
    public bool All { get; set; }
    public BulkEditAction? Action { get; set; }
    public int? CadenceDays { get; set; }
    public Channel? Channel { get; set; }
    public LifecycleStage? Stage { get; set; }
    public DisqualifyReason? Why { get; set; }
    public DateOnly? Until { get; set; }
    public string? Reason { get; set; }
    public string? ToUserId { get; set; }
    public string? Note { get; set; }
    /// <summary>The tag to add or take off.</summary>
    public string? Tag { get; set; }
    /// <summary>The user saw which selected clients are not theirs and chose to go on without them.</summary>
    public bool LeaveOutRefused { get; set; }

    public bool HasSelection => All || Ids.Count > 0 || FollowUpIds.Count > 0;

    /// <summary>The value the chosen action sets, as <see cref="ClientBulkEdits"/> takes it.</summary>
    public string? Value()
    {
        var reason = TextInput.Clean(Reason)?.Trim();
        return Action switch
        {
            BulkEditAction.SetCadence => CadenceDays?.ToString(CultureInfo.InvariantCulture),
            BulkEditAction.SetChannel => Channel?.ToString(),
            BulkEditAction.SetStage => Stage?.ToString(),
            BulkEditAction.Disqualify => Why?.ToString(),
            BulkEditAction.SnoozeFollowUps => Until is { } until ? BulkStatusEdits.SnoozeValue(until, reason ?? "") : null,
            BulkEditAction.DoNotContact or BulkEditAction.LetGo or BulkEditAction.DismissFollowUps => reason,
            BulkEditAction.AddTag or BulkEditAction.RemoveTag => Tag,
            _ => ToUserId,
        };
    }

    /// <summary>The hand-off note of a reassignment, or the note of a disqualification.</summary>
    public string? CleanNote() => Action == BulkEditAction.Disqualify ? TextInput.Clean(Note, multiline: true)?.Trim() : Note;
}
