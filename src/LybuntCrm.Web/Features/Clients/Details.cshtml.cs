using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>One client: who they are, when to check in next and why, their people, dates and everything that happened.</summary>
public sealed class DetailsModel(CrmDbContext db, IClock clock, Audit audit, ClientChanges changes, IStringLocalizer<SharedResource> t,
    DisplayFormat f, Features.Today.FollowUpUndos undos, Duplicates.ClientMerger merger, ClientTagging tagging) : PageModel
{
    /// <summary>Today's actions on this client that the reader may still undo: by touch, and those without one (snooze, dismiss).</summary>
    public IReadOnlyDictionary<int, string> UndoableTouches { get; private set; } = new Dictionary<int, string>();
    public IReadOnlyList<(FollowUpUndoAction Action, string Token, DateTime AtUtc)> UndoableOthers { get; private set; } = [];

    public const int TimelineLimit = 200;

    public Header Client { get; private set; } = null!;
    public string? CheckInWhy { get; private set; }
    public bool CanChange { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<Contact> Contacts { get; private set; } = [];
    public IReadOnlyList<KeyDateRow> KeyDates { get; private set; } = [];
    public IReadOnlyList<TimelineItem> Timeline { get; private set; } = [];
    public TouchpointModel.TouchpointInput NewTouchpoint { get; } = new();
    public IReadOnlyList<TagChip> Tags { get; private set; } = [];
    public IReadOnlyList<string> TagSuggestions { get; private set; } = [];
    public string? TagError { get; private set; }

    public async Task<IActionResult> OnPostAddTagAsync(int id, string? tag, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(db, id, ct) is { } refused) return refused;
        TagError = await tagging.AddAsync(id, tag, User, ct);
        if (TagError is null) return Redirect($"/Clients/{id}");
        return await OnGetAsync(id, ct);
    }

    public async Task<IActionResult> OnPostRemoveTagAsync(int id, int tagId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(db, id, ct) is { } refused) return refused;
        await tagging.RemoveAsync(id, tagId, User, ct);
        return Redirect($"/Clients/{id}");
    }

    public sealed record Header(
        int Id, string Name, ClientStatus Status, LifecycleStage Stage, string OwnerId, string OwnerName, int CadenceDays,
        Channel PreferredChannel, bool DoNotContact, string? DoNotContactReason, string? LetGoReason, string? ExternalId, string? EmailDomain,
        int? ReferredById, string? ReferredByName, decimal? ExpectedValue, decimal? AcquisitionCost, string? Notes, string? PostalAddress,
        DateOnly CreatedOn, DateOnly? LastPurchaseOn, DateOnly? NextCheckInOn, RetentionFlag RetentionFlag, decimal LastYearTotal,
        ClientTimeline Facts);

    public sealed record KeyDateRow(int Id, KeyDateKind Kind, DateOnly Date, string? Label, string? ContactName);

    /// <summary>
    /// One line of the timeline; <see cref="Kind"/> picks its colour. A touch carries its id (it can be deleted), where it
    /// came from and, when read from a mailbox, the message's subject.
    /// </summary>
    public sealed record TimelineItem(DateOnly Date, DateTime At, string Kind, string Icon, string Title, string? Text, string? Who,
        int? TouchpointId = null, TouchpointSource Source = TouchpointSource.Manual, string? Subject = null, int? UndoMergeId = null);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var header = await db.Clients.AsNoTracking().Where(c => c.Id == id).Select(ClientTimeline.Select((c, facts) => new Header(
            c.Id, c.Name, c.Status, c.Stage, c.OwnerId, c.Owner!.DisplayName, c.CadenceDays, c.PreferredChannel, c.DoNotContact,
            c.DoNotContactReason, c.LetGoReason, c.ExternalId, c.EmailDomain, c.ReferredById, c.ReferredBy != null ? c.ReferredBy.Name : null,
            c.ExpectedValue, c.AcquisitionCost, c.Notes, c.PostalAddress, c.CreatedOn, c.LastPurchaseOn, c.NextCheckInOn, c.RetentionFlag,
            c.LastYearTotal, facts))).FirstOrDefaultAsync(ct);
        if (header is null)
        {
            // A merged client lives on in the one it was merged into (links in old mail, bookmarks).
            var into = await db.Clients.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.MergedIntoId).FirstOrDefaultAsync(ct);
            return into is { } kept ? Redirect($"/Clients/{kept}") : NotFound();
        }
        Client = header;
        Today = clock.Today;
        CanChange = User.CanChangeClientOwnedBy(header.OwnerId);

        Contacts = await db.Contacts.AsNoTracking().Where(c => c.ClientId == id)
            .OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Name).ToListAsync(ct);
        KeyDates = await db.KeyDates.AsNoTracking().Where(k => k.ClientId == id).OrderBy(k => k.Date)
            .Select(k => new KeyDateRow(k.Id, k.Kind, k.Date, k.Label, k.Contact != null ? k.Contact.Name : null)).ToListAsync(ct);
        CheckInWhy = await ExplainCheckInAsync(header, ct);
        Tags = (await tagging.OfClientsAsync([id], ct))[id].ToList();
        if (CanChange) TagSuggestions = await tagging.SuggestionsAsync(ct);
        Timeline = await LoadTimelineAsync(id, ct);
        await LoadUndoableAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUndoAsync(int id, string? token, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(db, id, ct) is { } refused) return refused;
        var entry = await undos.FindAsync(token, User, ct);
        var result = entry is null || entry.ClientId != id ? Features.Today.FollowUpUndoResult.NotFound : await undos.UndoAsync(token, User, ct);
        TempData["Flash"] = Features.Today.FollowUpUndoText.Describe(result, t, f);
        return Redirect($"/Clients/{id}");
    }

    private async Task LoadUndoableAsync(int clientId, CancellationToken ct)
    {
        if (!CanChange) return;
        var since = clock.UtcNow - FollowUpUndo.Window;
        var me = User.Id();
        var admin = User.IsAdmin();
        var open = await db.FollowUpUndos.AsNoTracking()
            .Where(u => u.ClientId == clientId && u.UndoneAtUtc == null && u.CreatedAtUtc >= since && (admin || u.UserId == me))
            .OrderByDescending(u => u.Id)
            .Select(u => new { u.Token, u.TouchpointId, u.Action, u.CreatedAtUtc })
            .ToListAsync(ct);
        UndoableTouches = open.Where(u => u.TouchpointId is not null).GroupBy(u => u.TouchpointId!.Value).ToDictionary(g => g.Key, g => g.First().Token);
        UndoableOthers = open.Where(u => u.TouchpointId is null).Select(u => (u.Action, u.Token, u.CreatedAtUtc)).ToList();
    }

    public async Task<IActionResult> OnPostRemoveContactAsync(int id, int contactId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(db, id, ct) is { } refused) return refused;
        var removed = await db.Contacts.Where(c => c.Id == contactId && c.ClientId == id).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            await ClientAccess.RefreshSearchTextAsync(db, id, ct);
            await audit.RecordNowAsync("contact.removed", nameof(Contact), contactId, $"client {id}");
            TempData["Flash"] = t["Contact removed."].Value;
        }
        return Redirect($"/Clients/{id}");
    }

    /// <summary>
    /// Deletes a touch (typed in by mistake, or a synced message that was not about the client). Its effects are undone
    /// through the change pipeline, and a synced message is remembered so that the next sync does not log it again.
    /// </summary>
    public async Task<IActionResult> OnPostDeleteTouchpointAsync(int id, int touchpointId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(db, id, ct) is { } refused) return refused;
        var deleted = await db.InTransactionAsync(async () =>
        {
            if (!await changes.TouchDeletedAsync(id, touchpointId, ct)) return false;
            audit.Record("touchpoint.deleted", nameof(Touchpoint), touchpointId, $"client {id}");
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        if (deleted) TempData["Flash"] = t["Touch deleted."].Value;
        return Redirect($"/Clients/{id}");
    }

    /// <summary>Takes a merged client back out of this one: the rows it brought move back, unless something blocks it.</summary>
    public async Task<IActionResult> OnPostUndoMergeAsync(int id, int mergeId, CancellationToken ct)
    {
        if (!await db.ClientMerges.AnyAsync(m => m.Id == mergeId && m.KeptClientId == id, ct)) return NotFound();
        var outcome = await merger.UndoAsync(mergeId, User, ct);
        if (outcome.Refusal == Duplicates.MergeRefusal.NotAllowed) return StatusCode(StatusCodes.Status403Forbidden);
        TempData["Flash"] = outcome.Refusal switch
        {
            Duplicates.MergeRefusal.None => t["Merge undone: the other client is a record of its own again."].Value,
            Duplicates.MergeRefusal.AlreadyUndone => t["This merge was already undone."].Value,
            Duplicates.MergeRefusal.Blocked => t["The merge cannot be undone: {0}.",
                string.Join("; ", outcome.Blockers!.Select(b => Duplicates.UndoBlockerText.Describe(b, t, f)))].Value,
            _ => t["Someone changed one of these clients at the same moment. Look at them again and retry."].Value,
        };
        return Redirect($"/Clients/{id}");
    }

    public async Task<IActionResult> OnPostRemoveKeyDateAsync(int id, int keyDateId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(db, id, ct) is { } refused) return refused;
        var removed = await db.KeyDates.Where(k => k.Id == keyDateId && k.ClientId == id).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            await audit.RecordNowAsync("keydate.removed", nameof(KeyDate), keyDateId, $"client {id}");
            TempData["Flash"] = t["Key date removed."].Value;
        }
        return Redirect($"/Clients/{id}");
    }

    private async Task<string?> ExplainCheckInAsync(Header c, CancellationToken ct)
    {
        if (c.DoNotContact) return t["No check-ins: this client must not be contacted."];
        if (c.Status == ClientStatus.LetGo) return t["No check-ins: this client was let go."];
        if (c.Status == ClientStatus.Disqualified) return t["No check-ins: this prospect was disqualified."];
        if (c.Facts.LastReached is { } contact)
        {
            var channel = await db.Touchpoints.AsNoTracking().Where(ClientTimeline.Reaches)
                .Where(x => x.ClientId == c.Id && x.OccurredOn == contact)
                .OrderByDescending(x => x.Id).Select(x => (Channel?)x.Channel).FirstOrDefaultAsync(ct);
            var days = Today.DayNumber - contact.DayNumber;
            var ago = days == 0 ? t["last reached today"] : days == 1 ? t["last reached yesterday"] : t["last reached {0} days ago", f.Number(days)];
            return channel is { } ch ? t["{0}, by {1}; check in every {2} days.", ago, EnumLabels.Label(t, ch).ToLowerInvariant(), f.Number(c.CadenceDays)]
                : t["{0}; check in every {1} days.", ago, f.Number(c.CadenceDays)];
        }
        // Attempts that did not reach the client do not count for the cadence, but they are not "no contact" either.
        var attempted = c.Facts.LastAttempt is not null;
        if (c.LastPurchaseOn is { } bought)
            return attempted
                ? t["Not reached yet: {0} days after the last purchase on {1}.", f.Number(c.CadenceDays), f.Date(bought)]
                : t["No contact yet: {0} days after the last purchase on {1}.", f.Number(c.CadenceDays), f.Date(bought)];
        return attempted
            ? t["Not reached and no purchase yet: {0} days after the client was added on {1}.", f.Number(c.CadenceDays), f.Date(c.CreatedOn)]
            : t["No contact or purchase yet: {0} days after the client was added on {1}.", f.Number(c.CadenceDays), f.Date(c.CreatedOn)];
    }

    /// <summary>Everything that happened, newest first: one query per kind of event, merged here.</summary>
    private async Task<IReadOnlyList<TimelineItem>> LoadTimelineAsync(int id, CancellationToken ct)
    {
        var items = new List<TimelineItem>();

        var touchpoints = await db.Touchpoints.AsNoTracking().Where(x => x.ClientId == id)
            .OrderByDescending(x => x.OccurredOn).ThenByDescending(x => x.Id).Take(TimelineLimit)
            .Select(x => new
            {
                x.Id,
                x.Source,
                x.Subject,
                x.OccurredOn,
                x.CreatedAtUtc,
                x.Channel,
                x.Direction,
                x.Outcome,
                x.Summary,
                x.Cost,
                x.Disrespectful,
                Contact = x.Contact != null ? x.Contact.Name : null,
                User = x.User!.DisplayName,
            }).ToListAsync(ct);
        foreach (var x in touchpoints)
        {
            var title = x.Direction == Direction.Inbound
                ? t["{0} from the client: {1}", EnumLabels.Label(t, x.Channel), EnumLabels.Label(t, x.Outcome)]
                : t["{0}: {1}", EnumLabels.Label(t, x.Channel), EnumLabels.Label(t, x.Outcome)];
            var extra = new List<string>();
            if (x.Contact is not null) extra.Add(t["with {0}", Bidi.Isolate(x.Contact)]);
            if (x.Cost is { } cost) extra.Add(t["cost {0}", f.Amount(cost)]);
            if (x.Disrespectful) extra.Add(t["flagged as disrespectful"]);
            items.Add(new TimelineItem(x.OccurredOn, x.CreatedAtUtc, x.Disrespectful ? "touchpoint kind-flagged" : "touchpoint",
                ChannelIcon(x.Channel), extra.Count > 0 ? $"{title} ({string.Join(", ", extra)})" : title, x.Summary, x.User,
                x.Id, x.Source, x.Subject));
        }

        var purchases = await db.Purchases.AsNoTracking().Where(p => p.ClientId == id)
            .OrderByDescending(p => p.Date).ThenByDescending(p => p.Id).Take(TimelineLimit)
            .Select(p => new { p.Date, p.CreatedAtUtc, p.Amount, p.Currency, p.Reference, p.Status }).ToListAsync(ct);
        foreach (var p in purchases)
        {
            var title = p.Status == PurchaseStatus.Cancelled
                ? t["Purchase of {0} (cancelled)", f.Money(p.Amount, p.Currency)]
                : t["Purchase of {0}", f.Money(p.Amount, p.Currency)];
            items.Add(new TimelineItem(p.Date, p.CreatedAtUtc, "purchase", "¤", title,
                p.Reference is null ? null : t["Reference {0}", Bidi.Isolate(p.Reference)].Value, null));
        }

        var followUps = await db.FollowUps.AsNoTracking()
            .Where(f => f.ClientId == id && (f.Status == FollowUpStatus.Done || f.Status == FollowUpStatus.Dismissed) && f.ClosedAtUtc != null)
            // Bookkeeping of the schedule (a date moved, a win-back took over, a touch logged elsewhere) is not an event.
            .Where(f => f.ClosedReasonCode == null || (f.ClosedReasonCode != FollowUpReasons.CheckInMoved
                && f.ClosedReasonCode != FollowUpReasons.SupersededByWinBack && f.ClosedReasonCode != FollowUpReasons.TouchLogged))
            .OrderByDescending(f => f.ClosedAtUtc).Take(TimelineLimit)
            .Select(f => new
            {
                f.Kind,
                f.Status,
                Reason = new StoredReason(f.Reason, f.ReasonCode, f.ReasonArgs),
                Closed = new StoredReason(f.ClosedReason, f.ClosedReasonCode, f.ClosedReasonArgs),
                ClosedAt = f.ClosedAtUtc!.Value,
                Who = f.Assignee!.DisplayName,
            })
            .ToListAsync(ct);
        foreach (var followUp in followUps)
        {
            var reason = FollowUpReasons.Describe(followUp.Reason, t, f);
            var title = followUp.Status == FollowUpStatus.Done ? t["Follow-up done: {0}", reason] : t["Follow-up dismissed: {0}", reason];
            items.Add(new TimelineItem(DateOnly.FromDateTime(followUp.ClosedAt), followUp.ClosedAt, "followup", "✓", title,
                FollowUpReasons.DescribeClosed(followUp.Closed, t, f), followUp.Who));
        }

        var handoffs = await db.Handoffs.AsNoTracking().Where(h => h.ClientId == id)
            .OrderByDescending(h => h.CreatedAtUtc).Take(TimelineLimit)
            .Select(h => new { h.CreatedAtUtc, From = h.FromUser!.DisplayName, To = h.ToUser!.DisplayName, h.Note }).ToListAsync(ct);
        foreach (var h in handoffs)
            items.Add(new TimelineItem(DateOnly.FromDateTime(h.CreatedAtUtc), h.CreatedAtUtc, "handoff", "⇄",
                t["Handed over from {0} to {1}", Bidi.Isolate(h.From), Bidi.Isolate(h.To)], h.Note, null));

        var stages = await db.StageChanges.AsNoTracking().Where(s => s.ClientId == id)
            .OrderByDescending(s => s.AtUtc).Take(TimelineLimit)
            .Select(s => new { s.AtUtc, s.From, s.To, Who = db.Users.Where(u => u.Id == s.UserId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        foreach (var s in stages)
            items.Add(new TimelineItem(DateOnly.FromDateTime(s.AtUtc), s.AtUtc, "stage", "↗",
                t["Stage: {0} → {1}", EnumLabels.Label(t, s.From), EnumLabels.Label(t, s.To)], null, s.Who));

        var merges = await db.ClientMerges.AsNoTracking().Where(m => m.KeptClientId == id)
            .OrderByDescending(m => m.MergedAtUtc).Take(TimelineLimit)
            .Select(m => new
            {
                m.Id,
                m.MergedAtUtc,
                m.UndoneAtUtc,
                Name = db.Clients.IgnoreQueryFilters().Where(c => c.Id == m.AbsorbedClientId).Select(c => c.Name).FirstOrDefault(),
                Who = db.Users.Where(u => u.Id == m.MergedById).Select(u => u.DisplayName).FirstOrDefault(),
                UndoneBy = db.Users.Where(u => u.Id == m.UndoneById).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        foreach (var m in merges)
        {
            items.Add(new TimelineItem(DateOnly.FromDateTime(m.MergedAtUtc), m.MergedAtUtc, "merge", "⧉",
                t["Merged {0} into this client", Bidi.Isolate(m.Name ?? "")], null, m.Who, UndoMergeId: m.UndoneAtUtc is null ? m.Id : null));
            if (m.UndoneAtUtc is { } undone)
                items.Add(new TimelineItem(DateOnly.FromDateTime(undone), undone, "merge", "↶",
                    t["Merge undone: {0} is a client of its own again", Bidi.Isolate(m.Name ?? "")], null, m.UndoneBy));
        }

        return items.OrderByDescending(i => i.Date).ThenByDescending(i => i.At).Take(TimelineLimit).ToList();
    }

    public static string ChannelIcon(Channel channel) => channel switch
    {
        Channel.Phone => "☎",
        Channel.Email => "✉",
        Channel.Letter => "✎",
        Channel.Zalo or Channel.Telegram or Channel.WhatsApp => "💬",
        _ => "☕",
    };
}
