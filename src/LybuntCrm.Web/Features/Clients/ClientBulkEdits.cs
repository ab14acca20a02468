using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Handoffs;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// Bulk actions on the client list, Today, LYBUNT and Prospects: set the check-in cadence, set the preferred channel, mark
/// do-not-contact, reassign (through <see cref="ClientTransfer"/>, with a hand-off note for each client), and the actions of
/// <see cref="BulkStatusEdits"/> (stage, let go, disqualify, snooze or dismiss follow-ups). Each is set-based in one transaction with
/// its effects (<see cref="ClientChanges"/>), audited as one entry naming the count, and can be undone for
/// <see cref="BulkEdit.Window"/>. Clients the user may not change are named and left out only once the user confirms.
/// </summary>
public sealed class ClientBulkEdits(CrmDbContext db, IClock clock, Audit audit, ClientChanges changes, ClientTransfer transfer,
    BulkStatusEdits statusEdits, ClientTagging tagging, IStringLocalizer<SharedResource> t, DisplayFormat f)
{
    public const int NamesShown = 10;

    public async Task<IQueryable<Client>> SelectAsync(BulkSelection selection, CancellationToken ct)
    {
        if (selection.AllMatching is { } query) return await SavedViews.MatchingAsync(db, query, ct);
        if (selection.AllOnLybuntList is { } list)
        {
            var year = FiscalYear.Containing(clock.Today, await db.FiscalStartMonthAsync(ct));
            return Lybunt.IndexModel.Matching(db, list.List, list.Owner, year);
        }
        if (selection.FollowUpIds is { } followUpIds)
        {
            var chosen = followUpIds.Distinct().ToList();
            return db.Clients.AsNoTracking().Where(c => db.FollowUps.Any(f => f.ClientId == c.Id && EF.Parameter(chosen).Contains(f.Id)));
        }
        var ids = selection.Ids.Distinct().ToList();
        return db.Clients.AsNoTracking().Where(c => EF.Parameter(ids).Contains(c.Id));
    }

    /// <summary>A bulk bar's submission (on any page): an action and a selection are required, then <see cref="ApplyAsync"/>.</summary>
    public Task<BulkEditOutcome> ApplyFormAsync(BulkForm form, BulkSelection selection, ClaimsPrincipal user, CancellationToken ct)
    {
        if (form.Action is not { } action) return Task.FromResult(BulkEditOutcome.Invalid(t["Choose what to do with the selected clients."]));
        if (!form.HasSelection) return Task.FromResult(BulkEditOutcome.Invalid(t["Tick the clients to change, or choose all that match."]));
        return ApplyAsync(selection, action, form.Value(), form.CleanNote(), user, form.LeaveOutRefused, ct);
    }

    /// <summary>What the action just applied did, for the message beside its Undo.</summary>
    public async Task<string> DescribeAsync(BulkForm form, BulkEditOutcome outcome, CancellationToken ct)
    {
        var newOwner = form.Action == BulkEditAction.Reassign
            ? await db.Users.Where(u => u.Id == form.ToUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? ""
            : "";
        return BulkMessages.Done(t, f, form, outcome.Changed, newOwner);
    }

    public async Task<BulkEditOutcome> ApplyAsync(BulkSelection selection, BulkEditAction action, string? value, string? note, ClaimsPrincipal user,
        bool leaveOutRefused, CancellationToken ct = default)
    {
        if (action is BulkEditAction.AddTag or BulkEditAction.RemoveTag) value = TagNames.Clean(value);
        if (Validate(action, value, note) is { } error) return BulkEditOutcome.Invalid(error);
        Tag? tag = null;
        if (action == BulkEditAction.RemoveTag && (tag = await tagging.FindAsync(value!, ct)) is null)
            return BulkEditOutcome.Invalid(NothingToChange(action));
        var selected = await SelectAsync(selection, ct);
        var me = user.Id();
        var admin = user.IsAdmin();
        if (!admin)
        {
            var refused = selected.Where(c => c.OwnerId != me);
            var refusedCount = await refused.CountAsync(ct);
            if (refusedCount > 0 && !leaveOutRefused)
                return new BulkEditOutcome(0, null, null, refusedCount, await refused.OrderBy(c => c.Name).Select(c => c.Name).Take(NamesShown).ToListAsync(ct));
            selected = selected.Where(c => c.OwnerId == me);
        }
        var now = clock.UtcNow;
        return await db.InTransactionAsync(async () =>
        {
            Dictionary<string, List<int>> previous;
            var stored = value;
            switch (action)
            {
                case BulkEditAction.AddTag:
                    tag = await tagging.FindOrCreateAsync(value!, ct);
                    var tagId = tag.Id;
                    var untagged = await selected.Where(c => !db.ClientTags.Any(x => x.ClientId == c.Id && x.TagId == tagId)).Select(c => c.Id).ToListAsync(ct);
                    previous = OneGroup(untagged);
                    await tagging.InsertAsync(tagId, untagged, ct);
                    stored = Text(tagId);
                    break;
                case BulkEditAction.RemoveTag:
                    var removeId = tag!.Id;
                    var tagged = selected.Where(c => db.ClientTags.Any(x => x.ClientId == c.Id && x.TagId == removeId));
                    var ids = await tagged.Select(c => c.Id).ToListAsync(ct);
                    previous = OneGroup(ids);
                    await db.ClientTags.Where(x => x.TagId == removeId && tagged.Select(c => c.Id).Contains(x.ClientId)).ExecuteDeleteAsync(ct);
                    stored = Text(removeId);
                    break;
                case BulkEditAction.SetCadence:
                    var days = int.Parse(value!, CultureInfo.InvariantCulture);
                    var cadence = selected.Where(c => c.CadenceDays != days);
                    previous = Group(await cadence.Select(c => new { c.Id, c.CadenceDays }).ToListAsync(ct), x => x.Id,
                        x => x.CadenceDays.ToString(CultureInfo.InvariantCulture));
                    await db.Clients.Where(c => cadence.Select(x => x.Id).Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.CadenceDays, days), ct);
                    break;
                case BulkEditAction.SetChannel:
                    var channel = Enum.Parse<Channel>(value!);
                    var channels = selected.Where(c => c.PreferredChannel != channel);
                    previous = Group(await channels.Select(c => new { c.Id, c.PreferredChannel }).ToListAsync(ct), x => x.Id, x => x.PreferredChannel.ToString());
                    await db.Clients.Where(c => channels.Select(x => x.Id).Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.PreferredChannel, channel), ct);
                    break;
                case BulkEditAction.DoNotContact:
                    var reason = value!;
                    var contactable = selected.Where(c => !c.DoNotContact);
                    previous = Group(await contactable.Select(c => new { c.Id, c.DoNotContactReason }).ToListAsync(ct), x => x.Id, x => x.DoNotContactReason ?? "");
                    await db.Clients.Where(c => contactable.Select(x => x.Id).Contains(c.Id)).ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.DoNotContact, true)
                        .SetProperty(c => c.DoNotContactReason, reason), ct);
                    break;
                case var _ when BulkStatusEdits.Handles(action):
                    var followUpIds = selection.FollowUpIds?.Distinct().ToList();
                    previous = await statusEdits.ApplyAsync(action, selected, followUpIds, value!, note, me, now, ct);
                    break;
                default:
                    var moving = selected.Where(c => c.OwnerId != value);
                    previous = Group(await moving.Select(c => new { c.Id, c.OwnerId }).ToListAsync(ct), x => x.Id, x => x.OwnerId);
                    if (previous.Count == 0) break;
                    var moved = await transfer.TransferAsync(selected, value!, note, user, ct);
                    if (!moved.Succeeded) return BulkEditOutcome.Invalid(moved.Errors.Values.First());
                    break;
            }
            var changed = previous.Values.Sum(v => v.Count);
            if (changed == 0) return BulkEditOutcome.Invalid(NothingToChange(action));
            if (ChangesDerivedFacts(action)) await changes.ClientsChangedAsync(previous.Values.SelectMany(v => v).ToList(), ct);
            var entry = new BulkEdit
            {
                Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                UserId = me,
                Action = action,
                Value = stored,
                Previous = JsonSerializer.Serialize(previous),
                Count = changed,
                CreatedAtUtc = now,
            };
            db.BulkEdits.Add(entry);
            audit.Record("clients.bulk", "BulkEdit", null, $"action={action} count={changed}" + (tag is null ? "" : $" tag={tag.Id} {tag.Name}"), user);
            await db.SaveChangesAsync(ct);
            return new BulkEditOutcome(changed, entry.Token, null, 0, []);
        }, ct);
    }

    /// <summary>The entry behind a token, when <paramref name="user"/> may undo it (who did it, or an admin).</summary>
    public async Task<BulkEdit?> FindAsync(string? token, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length != 32) return null;
        var entry = await db.BulkEdits.AsNoTracking().FirstOrDefaultAsync(e => e.Token == token, ct);
        return entry is not null && (entry.UserId == user.Id() || user.IsAdmin()) ? entry : null;
    }

    /// <summary>
    /// Puts every client back as it was, unless one of them was changed since in the same field (then nothing is undone
    /// and those clients are named), the window has passed, or it was undone already.
    /// </summary>
    public async Task<BulkUndoResult> UndoAsync(string? token, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var entry = await FindAsync(token, user, ct);
        if (entry is null) return new BulkUndoResult(FollowUpUndoResult.NotFound, 0, []);
        if (entry.UndoneAtUtc is not null) return new BulkUndoResult(FollowUpUndoResult.AlreadyUndone, 0, []);
        if (clock.UtcNow - entry.CreatedAtUtc > BulkEdit.Window) return new BulkUndoResult(FollowUpUndoResult.TooLate, 0, []);
        var previous = JsonSerializer.Deserialize<Dictionary<string, List<int>>>(entry.Previous) ?? [];
        var ids = previous.Values.SelectMany(v => v).ToList();
        return await db.InTransactionAsync(async () =>
        {
            // One parameter holding the whole list: an undo of 100,000 clients must not become 100,000 SQL variables.
            var clients = db.Clients.Where(c => EF.Parameter(ids).Contains(c.Id));
            var set = entry.Value;
            var setDays = entry.Action == BulkEditAction.SetCadence ? int.Parse(set!, CultureInfo.InvariantCulture) : 0;
            var setChannel = entry.Action == BulkEditAction.SetChannel ? Enum.Parse<Channel>(set!) : default;
            var tagId = entry.Action is BulkEditAction.AddTag or BulkEditAction.RemoveTag ? int.Parse(set!, CultureInfo.InvariantCulture) : 0;
            var changedSince = entry.Action switch
            {
                BulkEditAction.SetCadence => clients.Where(c => c.CadenceDays != setDays),
                BulkEditAction.SetChannel => clients.Where(c => c.PreferredChannel != setChannel),
                BulkEditAction.DoNotContact => clients.Where(c => !c.DoNotContact || c.DoNotContactReason != set),
                BulkEditAction.AddTag => clients.Where(c => !db.ClientTags.Any(x => x.ClientId == c.Id && x.TagId == tagId)),
                BulkEditAction.RemoveTag => clients.Where(c => db.ClientTags.Any(x => x.ClientId == c.Id && x.TagId == tagId)),
                _ => clients.Where(c => c.OwnerId != set),
            };
            var changedNames = BulkStatusEdits.Handles(entry.Action)
                ? await statusEdits.ChangedSinceAsync(entry, ids, ct)
                : await changedSince.OrderBy(c => c.Name).Select(c => c.Name).Take(NamesShown).ToListAsync(ct);
            if (changedNames.Count > 0) return new BulkUndoResult(FollowUpUndoResult.Changed, 0, changedNames);
            var undoneAt = clock.UtcNow;
            if (await db.BulkEdits.Where(e => e.Id == entry.Id && e.UndoneAtUtc == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.UndoneAtUtc, undoneAt), ct) == 0)
                return new BulkUndoResult(FollowUpUndoResult.AlreadyUndone, 0, []);

            if (BulkStatusEdits.Handles(entry.Action)) await statusEdits.RestoreAsync(entry, previous, ct);
            else if (entry.Action == BulkEditAction.AddTag)
                await db.ClientTags.Where(x => x.TagId == tagId && EF.Parameter(ids).Contains(x.ClientId)).ExecuteDeleteAsync(ct);
            else if (entry.Action == BulkEditAction.RemoveTag) await tagging.InsertAsync(tagId, ids, ct);
            else await RestoreAsync(entry, previous, ids, ct);
            audit.Record("clients.bulk_undone", "BulkEdit", entry.Id, $"action={entry.Action} count={ids.Count}", user);
            await db.SaveChangesAsync(ct);
            return new BulkUndoResult(FollowUpUndoResult.Undone, ids.Count, [], entry.Action);
        }, ct);
    }

    private async Task RestoreAsync(BulkEdit entry, Dictionary<string, List<int>> previous, List<int> ids, CancellationToken ct)
    {
        foreach (var (was, group) in previous)
        {
            var back = db.Clients.Where(c => EF.Parameter(group).Contains(c.Id));
            switch (entry.Action)
            {
                case BulkEditAction.SetCadence:
                    var days = int.Parse(was, CultureInfo.InvariantCulture);
                    await back.ExecuteUpdateAsync(s => s.SetProperty(c => c.CadenceDays, days), ct);
                    break;
                case BulkEditAction.SetChannel:
                    var channel = Enum.Parse<Channel>(was);
                    await back.ExecuteUpdateAsync(s => s.SetProperty(c => c.PreferredChannel, channel), ct);
                    break;
                case BulkEditAction.DoNotContact:
                    var reason = was.Length == 0 ? null : was;
                    await back.ExecuteUpdateAsync(s => s.SetProperty(c => c.DoNotContact, false).SetProperty(c => c.DoNotContactReason, reason), ct);
                    break;
                default:
                    await back.ExecuteUpdateAsync(s => s.SetProperty(c => c.OwnerId, was), ct);
                    break;
            }
        }
        if (entry.Action == BulkEditAction.Reassign)
        {
            // The hand-off notes of the reassignment go with it; open follow-ups return to their owners.
            await db.Handoffs.Where(h => EF.Parameter(ids).Contains(h.ClientId) && h.ToUserId == entry.Value && h.CreatedAtUtc >= entry.CreatedAtUtc)
                .ExecuteDeleteAsync(ct);
            await changes.OwnersChangedAsync(ids, [entry.Value!], ct);
        }
        else
        {
            await changes.ClientsChangedAsync(ids, ct);
        }
    }

    /// <summary>Whether the action changes what the app derives from a client (check-ins, plans); tags change nothing derived.</summary>
    private static bool ChangesDerivedFacts(BulkEditAction action) =>
        action is BulkEditAction.SetCadence or BulkEditAction.SetChannel or BulkEditAction.DoNotContact;

    /// <summary>A change with no previous value to tell apart (a tag on or off): all its clients in one group.</summary>
    private static Dictionary<string, List<int>> OneGroup(List<int> ids) =>
        ids.Count == 0 ? new(StringComparer.Ordinal) : new(StringComparer.Ordinal) { [""] = ids };

    private static string Text(int id) => id.ToString(CultureInfo.InvariantCulture);

    private string? Validate(BulkEditAction action, string? value, string? note) => action switch
    {
        BulkEditAction.AddTag or BulkEditAction.RemoveTag when tagging.Invalid(value) is { } error => error,
        BulkEditAction.SetStage when !Enum.TryParse<LifecycleStage>(value, out var stage) || !Enum.IsDefined(stage) || value!.Any(char.IsDigit) =>
            t["Choose a lifecycle stage."].Value,
        BulkEditAction.LetGo when string.IsNullOrWhiteSpace(value) => t["Say why you are letting these clients go."].Value,
        BulkEditAction.DismissFollowUps when string.IsNullOrWhiteSpace(value) => t["Say why these follow-ups are dismissed."].Value,
        BulkEditAction.LetGo or BulkEditAction.DismissFollowUps when value!.Length > 500 => t["Keep the reason under 500 characters."].Value,
        BulkEditAction.SnoozeFollowUps when !BulkStatusEdits.TryParseSnooze(value, out var until, out _)
            || until <= clock.Today || until > clock.Today.AddDays(BulkStatusEdits.MaxSnoozeDays) => t["Choose a date after today and within a year."].Value,
        BulkEditAction.SnoozeFollowUps when string.IsNullOrWhiteSpace(value![11..]) => t["Say why these follow-ups are snoozed."].Value,
        BulkEditAction.SnoozeFollowUps when value!.Length > 11 + BulkStatusEdits.MaxSnoozeReasonLength =>
            t["Keep the reason under {0} characters.", f.Number(BulkStatusEdits.MaxSnoozeReasonLength)].Value,
        BulkEditAction.Disqualify when !Enum.TryParse<DisqualifyReason>(value, out var why) || !Enum.IsDefined(why) || value!.Any(char.IsDigit) =>
            t["Choose the reason for disqualifying."].Value,
        BulkEditAction.Disqualify when value == nameof(DisqualifyReason.Other) && string.IsNullOrWhiteSpace(note) =>
            t["Explain the reason in a note when it is \"other\"."].Value,
        BulkEditAction.Disqualify when note is { Length: > 2000 } => t["Keep the note under 2000 characters."].Value,
        BulkEditAction.SetCadence when !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || !CheckInRule.IsValidCadence(days) =>
            t["Choose a check-in cadence between 7 and 730 days."].Value,
        BulkEditAction.SetChannel when !Enum.TryParse<Channel>(value, out var channel) || !Enum.IsDefined(channel) || value!.Any(char.IsDigit) =>
            t["Choose a channel from the list."].Value,
        BulkEditAction.DoNotContact when string.IsNullOrWhiteSpace(value) => t["Say why these clients must not be contacted."].Value,
        BulkEditAction.DoNotContact when value!.Length > 500 => t["Keep the reason under 500 characters."].Value,
        BulkEditAction.Reassign when string.IsNullOrEmpty(value) => t["Choose an active user as the new owner."].Value,
        _ when !Enum.IsDefined(action) => t["Choose what to do with the selected clients."].Value,
        _ => null,
    };

    private string NothingToChange(BulkEditAction action) => action switch
    {
        BulkEditAction.SnoozeFollowUps or BulkEditAction.DismissFollowUps => t["Nothing to change: the chosen clients have no open follow-ups."],
        BulkEditAction.Disqualify => t["Nothing to change: none of the chosen clients is an open prospect."],
        _ => t["Nothing to change: the chosen clients already have that value."],
    };

    /// <summary>Rows grouped by their previous value: the form <see cref="BulkEdit.Previous"/> keeps.</summary>
    internal static Dictionary<string, List<int>> Group<T>(IEnumerable<T> rows, Func<T, int> id, Func<T, string> value) =>
        rows.GroupBy(value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(id).ToList(), StringComparer.Ordinal);
}
