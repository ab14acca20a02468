using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Today;

/// <summary>
/// Undo for Today's Done, Snooze and Dismiss. The action runs in one transaction with a record of the client's follow-ups
/// before and after it and the touch it logged; Undo puts those follow-ups back exactly, removes that touch, and lets the
/// change pipeline work the client's facts out again. It refuses, changing nothing, when anything it would put back has
/// changed since (another touch, a purchase that closed a win-back, a reassignment), after <see cref="FollowUpUndo.Window"/>,
/// or a second time.
/// </summary>
public sealed class FollowUpUndos(CrmDbContext db, IClock clock, Audit audit, ClientChanges changes)
{
    /// <summary>A follow-up's fields an action can change.</summary>
    public sealed record State(int Id, FollowUpStatus Status, DateOnly PlannedOn, DateOnly DueOn, DateOnly? SnoozedUntil, string? ClosedReason,
        string? ClosedReasonCode, string? ClosedReasonArgs, DateTime? ClosedAtUtc, string SourceKey, string AssigneeId);

    /// <summary>Runs <paramref name="act"/> on the follow-up and keeps what it changed; returns its result and the Undo token.</summary>
    public Task<(T Result, string Token)> RecordAsync<T>(FollowUp followUp, FollowUpUndoAction action, string userId, Func<Task<T>> act,
        CancellationToken ct = default) =>
        db.InTransactionAsync(async () =>
        {
            var clientId = followUp.ClientId;
            var lastFollowUpId = await db.FollowUps.Where(f => f.ClientId == clientId).MaxAsync(f => (int?)f.Id, ct) ?? 0;
            var lastTouchId = await LastTouchIdAsync(clientId, ct);
            var followUpId = followUp.Id;
            var before = await StatesAsync(db.FollowUps.Where(f => f.ClientId == clientId
                && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed || f.Id == followUpId)), ct);
            var result = await act();
            var ids = before.Select(b => b.Id).ToList();
            var after = await StatesAsync(db.FollowUps.Where(f => f.ClientId == clientId && (ids.Contains(f.Id) || f.Id > lastFollowUpId)), ct);
            var touchAfter = await LastTouchIdAsync(clientId, ct);
            var entry = new FollowUpUndo
            {
                Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                UserId = userId,
                ClientId = clientId,
                FollowUpId = followUpId,
                Action = action,
                TouchpointId = touchAfter > lastTouchId ? touchAfter : null,
                Before = JsonSerializer.Serialize(before),
                After = JsonSerializer.Serialize(after),
                LastTouchpointIdAfter = touchAfter,
                CreatedAtUtc = clock.UtcNow,
            };
            db.FollowUpUndos.Add(entry);
            await db.SaveChangesAsync(ct);
            return (result, entry.Token);
        }, ct);

    /// <summary>The entry behind a token, when <paramref name="user"/> may undo it (the person who acted, or an admin).</summary>
    public async Task<FollowUpUndo?> FindAsync(string? token, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length != 32) return null;
        var entry = await db.FollowUpUndos.AsNoTracking().FirstOrDefaultAsync(u => u.Token == token, ct);
        return entry is not null && (entry.UserId == user.Id() || user.IsAdmin()) ? entry : null;
    }

    public bool IsOpen(FollowUpUndo entry) => entry.UndoneAtUtc is null && clock.UtcNow - entry.CreatedAtUtc <= FollowUpUndo.Window;

    public async Task<FollowUpUndoResult> UndoAsync(string? token, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var entry = await FindAsync(token, user, ct);
        if (entry is null) return FollowUpUndoResult.NotFound;
        if (entry.UndoneAtUtc is not null) return FollowUpUndoResult.AlreadyUndone;
        if (!IsOpen(entry)) return FollowUpUndoResult.TooLate;
        return await db.InTransactionAsync(async () =>
        {
            var before = JsonSerializer.Deserialize<List<State>>(entry.Before) ?? [];
            var after = JsonSerializer.Deserialize<List<State>>(entry.After) ?? [];
            var ids = after.Select(a => a.Id).ToList();
            var lastAfter = ids.DefaultIfEmpty(0).Max();
            var now = await StatesAsync(db.FollowUps.Where(f => f.ClientId == entry.ClientId && (ids.Contains(f.Id) || f.Id > lastAfter)), ct);
            if (!now.SequenceEqual(after) || await LastTouchIdAsync(entry.ClientId, ct) != entry.LastTouchpointIdAfter)
                return FollowUpUndoResult.Changed;
            // Claimed first: of two Undo presses racing, one does the work and the other finds it done.
            var undoneAt = clock.UtcNow;
            if (await db.FollowUpUndos.Where(u => u.Id == entry.Id && u.UndoneAtUtc == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(u => u.UndoneAtUtc, undoneAt), ct) == 0)
                return FollowUpUndoResult.AlreadyUndone;

            var kept = before.Select(b => b.Id).ToHashSet();
            var created = ids.Where(id => !kept.Contains(id)).ToList();
            if (created.Count > 0) await db.FollowUps.Where(f => created.Contains(f.Id)).ExecuteDeleteAsync(ct);
            foreach (var b in before)
            {
                await db.FollowUps.Where(f => f.Id == b.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(f => f.Status, b.Status)
                    .SetProperty(f => f.PlannedOn, b.PlannedOn)
                    .SetProperty(f => f.DueOn, b.DueOn)
                    .SetProperty(f => f.SnoozedUntil, b.SnoozedUntil)
                    .SetProperty(f => f.ClosedReason, b.ClosedReason)
                    .SetProperty(f => f.ClosedReasonCode, b.ClosedReasonCode)
                    .SetProperty(f => f.ClosedReasonArgs, b.ClosedReasonArgs)
                    .SetProperty(f => f.ClosedAtUtc, b.ClosedAtUtc)
                    .SetProperty(f => f.SourceKey, b.SourceKey)
                    .SetProperty(f => f.AssigneeId, b.AssigneeId), ct);
            }
            if (entry.TouchpointId is { } touchId) await db.Touchpoints.Where(t => t.Id == touchId).ExecuteDeleteAsync(ct);
            audit.Record("followup.undone", "FollowUp", entry.FollowUpId, $"action={entry.Action} client={entry.ClientId}");
            await db.SaveChangesAsync(ct);
            await changes.ClientChangedAsync(entry.ClientId, ct);
            return FollowUpUndoResult.Undone;
        }, ct);
    }

    private async Task<int> LastTouchIdAsync(int clientId, CancellationToken ct) =>
        await db.Touchpoints.Where(t => t.ClientId == clientId).MaxAsync(t => (int?)t.Id, ct) ?? 0;

    private static Task<List<State>> StatesAsync(IQueryable<FollowUp> followUps, CancellationToken ct) =>
        followUps.OrderBy(f => f.Id)
            .Select(f => new State(f.Id, f.Status, f.PlannedOn, f.DueOn, f.SnoozedUntil, f.ClosedReason, f.ClosedReasonCode, f.ClosedReasonArgs,
                f.ClosedAtUtc, f.SourceKey, f.AssigneeId))
            .ToListAsync(ct);
}
