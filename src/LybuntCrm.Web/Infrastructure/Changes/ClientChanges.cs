using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure.Changes;

/// <summary>
/// The one way a change to a client takes effect. Pages, Today's actions, the import, demo data, the command line and
/// the jobs record what happened (a touch, a purchase, an edit, a new owner) and hand it here; this applies every
/// derived effect in the caller's transaction (or its own): the lifecycle stage, the derived facts on the client
/// (<see cref="ClientFacts"/>), the LYBUNT flag and its win-back, the client's one open contact item
/// (<see cref="CheckInSchedule"/>), the follow-ups' assignee, and the plan of the managers concerned
/// (<see cref="FollowUpPlanning"/>). The per-client and the nightly paths run the same statements. Webhook deliveries for
/// the change (<see cref="WebhookEvents"/>) are written here too, so they commit with it.
/// </summary>
public sealed class ClientChanges(CrmDbContext db, IClock clock, WebhookEvents webhooks)
{
    /// <summary>What a logged touch did to the client's work, for the message shown to the user.</summary>
    public sealed record TouchOutcome(bool CountsAsContact, DateOnly? NextCheckInOn, DateOnly? NextWinBackAttemptOn, DateOnly? RetryOn);

    /// <summary>
    /// A touch with a client (added to the context, saved or not). It closes the follow-up it answers (an occasion, a
    /// review), closes or moves the client's check-in (reached: done, and the next one follows the cadence; nobody
    /// reached: the same check-in comes back <see cref="CheckInSchedule.RetryDays"/> days later), and counts as an attempt
    /// on an open win-back, whose next attempt follows the win-back cadence.
    /// </summary>
    public Task<TouchOutcome> TouchLoggedAsync(Touchpoint touch, int? answersFollowUpId = null, CancellationToken ct = default) =>
        db.InTransactionAsync(async () =>
        {
            if (touch.Id == 0 && db.Entry(touch).State == EntityState.Detached) db.Touchpoints.Add(touch);
            await db.SaveChangesAsync(ct);
            await webhooks.TouchesLoggedAsync([touch], ct);
            await db.SaveChangesAsync(ct);
            var clientId = touch.ClientId;
            var cadence = await WinBackCadenceAsync(ct);
            await ClientFacts.RefreshAsync(db, clientId, ct);
            var effect = await ApplyTouchAsync(touch, answersFollowUpId, cadence, ct);
            var synced = await CheckInSchedule.SyncAsync(db, [clientId], clock.Today, clock.UtcNow, ct);
            if (synced.Created > 0 || effect.Replan) await PlanOwnersAsync([clientId], ct);
            var next = await db.Clients.Where(c => c.Id == clientId).Select(c => c.NextCheckInOn).FirstOrDefaultAsync(ct);
            return new TouchOutcome(effect.CountsAsContact, next, effect.NextWinBackAttemptOn, effect.RetryOn);
        }, ct);

    /// <summary>
    /// Many touches at once (read from a mailbox): each has the effects of <see cref="TouchLoggedAsync"/>, applied in date
    /// order, and the facts, check-ins and plans of the clients concerned are brought up to date once for all of them.
    /// </summary>
    public Task TouchesLoggedAsync(IReadOnlyCollection<Touchpoint> touches, CancellationToken ct = default) =>
        db.InTransactionAsync(async () =>
        {
            if (touches.Count == 0) return;
            db.Touchpoints.AddRange(touches.Where(t => t.Id == 0 && db.Entry(t).State == EntityState.Detached));
            await db.SaveChangesAsync(ct);
            await webhooks.TouchesLoggedAsync(touches, ct);
            await db.SaveChangesAsync(ct);
            var clientIds = touches.Select(t => t.ClientId).Distinct().ToList();
            var scope = ClientFacts.BulkScope(clientIds);
            var cadence = await WinBackCadenceAsync(ct);
            await ClientFacts.RefreshAsync(db, scope, ct);
            var replan = false;
            foreach (var touch in touches.OrderBy(t => t.OccurredOn).ThenBy(t => t.Id))
                replan |= (await ApplyTouchAsync(touch, null, cadence, ct)).Replan;
            var synced = await CheckInSchedule.SyncAsync(db, scope, clock.Today, clock.UtcNow, ct);
            if (synced.Created > 0 || replan) await PlanOwnersAsync(clientIds, ct);
        }, ct);

    /// <summary>
    /// A touch was deleted (false: the client has no such touch). The client's facts and check-in are worked out again
    /// without it, so the last contact and Today move back at once; an attempt that held the check-in back no longer
    /// does. A touch read from a mailbox leaves its message key behind, so that no later sync logs that message again.
    /// A win-back's next attempt, already moved by the touch, stays where it is: the manager did try.
    /// </summary>
    public Task<bool> TouchDeletedAsync(int clientId, int touchpointId, CancellationToken ct = default) =>
        db.InTransactionAsync(async () =>
        {
            var touch = await db.Touchpoints.AsNoTracking().Where(t => t.Id == touchpointId && t.ClientId == clientId)
                .Select(t => new { t.Source, t.MessageKey, t.OccurredOn, t.Direction, t.Outcome }).FirstOrDefaultAsync(ct);
            if (touch is null) return false;
            if (touch.Source == TouchpointSource.Mailbox && touch.MessageKey is { } key
                && !await db.RemovedSyncedMessages.AnyAsync(r => r.ClientId == clientId && r.MessageKey == key, ct))
            {
                db.RemovedSyncedMessages.Add(new RemovedSyncedMessage { ClientId = clientId, MessageKey = key, RemovedAtUtc = clock.UtcNow });
                await db.SaveChangesAsync(ct);
            }
            if (await db.Touchpoints.Where(t => t.Id == touchpointId).ExecuteDeleteAsync(ct) == 0) return false;

            var reopened = 0;
            if (!Touchpoint.CountsAsContact(touch.Direction, touch.Outcome))
            {
                // The check-in this attempt snoozed (ApplyTouchAsync) comes back, unless another attempt that day still holds it.
                var retry = touch.OccurredOn.AddDays(CheckInSchedule.RetryDays);
                var today = clock.Today;
                if (!await db.Touchpoints.AnyAsync(t => t.ClientId == clientId && t.OccurredOn == touch.OccurredOn, ct))
                    reopened = await db.FollowUps.Where(f => f.ClientId == clientId && f.Kind == FollowUpKind.CheckIn
                            && f.Status == FollowUpStatus.Snoozed && f.SnoozedUntil == retry)
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(f => f.Status, FollowUpStatus.Open)
                            .SetProperty(f => f.SnoozedUntil, (DateOnly?)null)
                            .SetProperty(f => f.PlannedOn, f => f.DueOn < today ? today : f.DueOn), ct);
            }
            await ClientFacts.RefreshAsync(db, clientId, ct);
            var synced = await CheckInSchedule.SyncAsync(db, [clientId], clock.Today, clock.UtcNow, ct);
            if (synced.Created > 0 || synced.Closed > 0 || reopened > 0) await PlanOwnersAsync([clientId], ct);
            return true;
        }, ct);

    private sealed record TouchEffect(bool CountsAsContact, DateOnly? NextWinBackAttemptOn, DateOnly? RetryOn)
    {
        public bool Replan => NextWinBackAttemptOn is not null || RetryOn is not null;
    }

    /// <summary>What one saved touch does to its client's open work (the rule behind both touch paths).</summary>
    private async Task<TouchEffect> ApplyTouchAsync(Touchpoint touch, int? answersFollowUpId, int winBackCadence, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var today = clock.Today;
        var clientId = touch.ClientId;
        var counts = Touchpoint.CountsAsContact(touch.Direction, touch.Outcome);
        var open = db.FollowUps.Where(f => f.ClientId == clientId && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed));

        if (answersFollowUpId is { } answered)
        {
            await open.Where(f => f.Id == answered && f.Kind != FollowUpKind.CheckIn && f.Kind != FollowUpKind.WinBack)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(f => f.Status, FollowUpStatus.Done)
                    .SetProperty(f => f.SnoozedUntil, (DateOnly?)null)
                    .SetProperty(f => f.ClosedAtUtc, now), ct);
        }

        DateOnly? retryOn = null;
        if (counts)
        {
            // The check-in is done (from Today or anywhere else); its key is freed for a later one on the same date.
            var code = answersFollowUpId is null ? FollowUpReasons.TouchLogged : null;
            await open.Where(f => f.Kind == FollowUpKind.CheckIn).ExecuteUpdateAsync(s => s
                .SetProperty(f => f.Status, FollowUpStatus.Done)
                .SetProperty(f => f.SnoozedUntil, (DateOnly?)null)
                .SetProperty(f => f.ClosedReasonCode, code)
                .SetProperty(f => f.ClosedAtUtc, now)
                .SetProperty(f => f.SourceKey, f => f.SourceKey + ":closed:" + f.Id), ct);
        }
        else
        {
            var retry = touch.OccurredOn.AddDays(CheckInSchedule.RetryDays);
            if (retry > today && await open.Where(f => f.Kind == FollowUpKind.CheckIn).ExecuteUpdateAsync(s => s
                    .SetProperty(f => f.Status, FollowUpStatus.Snoozed)
                    .SetProperty(f => f.SnoozedUntil, retry)
                    .SetProperty(f => f.PlannedOn, retry), ct) > 0)
                retryOn = retry;
        }

        var nextAttempt = touch.OccurredOn.AddDays(winBackCadence);
        var attempted = await open.Where(f => f.Kind == FollowUpKind.WinBack).ExecuteUpdateAsync(s => s
            .SetProperty(f => f.Status, FollowUpStatus.Open)
            .SetProperty(f => f.SnoozedUntil, (DateOnly?)null)
            .SetProperty(f => f.DueOn, f => f.DueOn > nextAttempt ? f.DueOn : nextAttempt)
            .SetProperty(f => f.PlannedOn, f => f.DueOn > nextAttempt ? f.DueOn : nextAttempt), ct);
        return new TouchEffect(counts, attempted > 0 ? nextAttempt : null, retryOn);
    }

    /// <summary>A purchase was recorded (saved, with its id): the client's facts as for any purchase change, and its event.</summary>
    public Task PurchaseRecordedAsync(Purchase purchase, CancellationToken ct = default) =>
        db.InTransactionAsync(async () =>
        {
            await webhooks.PurchaseRecordedAsync(purchase, ct);
            await db.SaveChangesAsync(ct);
            await PurchasesChangedAsync([purchase.ClientId], ct);
        }, ct);

    /// <summary>Purchases were added, changed or cancelled for these clients.</summary>
    public Task PurchasesChangedAsync(IReadOnlyCollection<int> clientIds, CancellationToken ct = default) =>
        db.InTransactionAsync(async () =>
        {
            var scope = ClientFacts.BulkScope(clientIds);
            await Lifecycle.OnPurchasesRecordedAsync(db, scope, clock.UtcNow, ct);
            await ClientFacts.RefreshAsync(db, scope, ct);
            var winBacks = await LybuntFlagJob.ClassifyAsync(db, clock, scope, ct, webhooks);
            await SyncAndPlanAsync(scope, winBacks, ct);
        }, ct);

    /// <summary>
    /// A client was created or edited: status, cadence, do-not-contact, stage or details. Everything derived is brought
    /// up to date at once.
    /// </summary>
    public Task ClientChangedAsync(int clientId, CancellationToken ct = default) => ClientsChangedAsync([clientId], ct);

    /// <summary>A person added a client (saved, with its id): as <see cref="ClientChangedAsync"/>, and its event.</summary>
    public Task ClientCreatedAsync(int clientId, CancellationToken ct = default) => ClientEventAsync(WebhookEventTypes.ClientCreated, clientId, ct);

    /// <summary>A person edited a client's details: as <see cref="ClientChangedAsync"/>, and its event.</summary>
    public Task ClientEditedAsync(int clientId, CancellationToken ct = default) => ClientEventAsync(WebhookEventTypes.ClientUpdated, clientId, ct);

    private Task ClientEventAsync(string eventType, int clientId, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            await ClientsChangedAsync([clientId], ct);
            await webhooks.ClientsAsync(eventType, [clientId], ct);
            await db.SaveChangesAsync(ct);
        }, ct);

    public Task ClientsChangedAsync(IReadOnlyCollection<int> clientIds, CancellationToken ct = default) =>
        db.InTransactionAsync(async () =>
        {
            var scope = ClientFacts.BulkScope(clientIds);
            await ClientFacts.RefreshAsync(db, scope, ct);
            var winBacks = await LybuntFlagJob.ClassifyAsync(db, clock, scope, ct, webhooks);
            await SyncAndPlanAsync(scope, winBacks, ct);
        }, ct);

    /// <summary>
    /// These clients changed owner (their OwnerId is already written): every open follow-up goes to the new owner and
    /// both lists are planned again at once.
    /// </summary>
    public Task OwnersChangedAsync(IReadOnlyCollection<int> clientIds, IReadOnlyCollection<string> previousOwnerIds, CancellationToken ct = default) =>
        db.InTransactionAsync(async () =>
        {
            var scope = ClientFacts.BulkScope(clientIds);
            await MoveFollowUpsToOwnersAsync(scope, ct);
            await CheckInSchedule.SyncAsync(db, scope, clock.Today, clock.UtcNow, ct);
            await FollowUpPlanning.LevelAsync(db, clock, scope is null ? null : (await OwnersOfAsync(scope, ct)).Union(previousOwnerIds).ToList(), ct);
        }, ct);

    /// <summary>
    /// Rows of an import were applied to these clients (null: too many to list, so every client): purchases, owners,
    /// statuses, cadences may all have changed.
    /// </summary>
    public Task ImportAppliedAsync(IReadOnlyCollection<int>? clientIds, bool purchases, CancellationToken ct = default) =>
        RowsChangedAsync(clientIds, purchases, ct);

    /// <summary>
    /// Rows moved from one client to another (a merge, or its undo): purchases, touches, follow-ups and the owner may all
    /// have changed for both. The client merged away is hidden, so only the kept one is worked out until an undo.
    /// </summary>
    public Task ClientsMergedAsync(IReadOnlyCollection<int> clientIds, CancellationToken ct = default) =>
        RowsChangedAsync(clientIds, purchases: true, ct);

    private Task RowsChangedAsync(IReadOnlyCollection<int>? clientIds, bool purchases, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            var scope = clientIds is null ? null : ClientFacts.BulkScope(clientIds);
            if (scope is { Count: 0 }) return;
            if (purchases) await Lifecycle.OnPurchasesRecordedAsync(db, scope, clock.UtcNow, ct);
            await ClientFacts.RefreshAsync(db, scope, ct);
            await LybuntFlagJob.ClassifyAsync(db, clock, scope, ct, webhooks);
            var previous = await AssigneesOfOpenWorkAsync(scope, ct);
            await MoveFollowUpsToOwnersAsync(scope, ct);
            await CheckInSchedule.SyncAsync(db, scope, clock.Today, clock.UtcNow, ct);
            await FollowUpPlanning.LevelAsync(db, clock, scope is null ? null : (await OwnersOfAsync(scope, ct)).Union(previous).ToList(), ct);
        }, ct);

    /// <summary>The nightly pass over every client: the same effects as a change, for all at once.</summary>
    public Task<CheckInSchedule.Outcome> EveryClientAsync(CancellationToken ct = default) =>
        db.InTransactionAsync(async () =>
        {
            await ClientFacts.RefreshAsync(db, clientIds: null, ct);
            var outcome = await CheckInSchedule.SyncAsync(db, null, clock.Today, clock.UtcNow, ct);
            await WakeSnoozedAsync(ct);
            return outcome;
        }, ct);

    /// <summary>A manager's capacity or working days changed: their list is planned again.</summary>
    public Task ManagerScheduleChangedAsync(string userId, CancellationToken ct = default) =>
        db.InTransactionAsync(() => FollowUpPlanning.LevelAsync(db, clock, [userId], ct), ct);

    /// <summary>Snoozed follow-ups whose date has come are open again.</summary>
    private Task<int> WakeSnoozedAsync(CancellationToken ct)
    {
        var today = clock.Today;
        return db.FollowUps
            .Where(f => f.Status == FollowUpStatus.Snoozed && f.SnoozedUntil != null && f.SnoozedUntil <= today)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, FollowUpStatus.Open), ct);
    }

    /// <param name="winBacksChanged">Win-backs the classification created or closed: new work to plan.</param>
    private async Task SyncAndPlanAsync(IReadOnlyCollection<int>? scope, int winBacksChanged, CancellationToken ct)
    {
        var outcome = await CheckInSchedule.SyncAsync(db, scope, clock.Today, clock.UtcNow, ct);
        if (outcome.Created > 0 || winBacksChanged > 0) await FollowUpPlanning.LevelAsync(db, clock, scope is null ? null : await OwnersOfAsync(scope, ct), ct);
    }

    private Task<int> MoveFollowUpsToOwnersAsync(IReadOnlyCollection<int>? scope, CancellationToken ct)
    {
        var open = db.FollowUps.Where(f => (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed)
            && db.Clients.Any(c => c.Id == f.ClientId && c.OwnerId != f.AssigneeId && c.OwnerId != ""));
        if (scope is not null) open = open.Where(f => scope.Contains(f.ClientId));
        // What the old owner missed is not the new owner's overdue work: it is planned again from today.
        var today = clock.Today;
        return open.ExecuteUpdateAsync(s => s
            .SetProperty(f => f.AssigneeId, f => db.Clients.Where(c => c.Id == f.ClientId).Select(c => c.OwnerId).First())
            .SetProperty(f => f.PlannedOn, f => f.PlannedOn < today ? today : f.PlannedOn), ct);
    }

    private Task<List<string>> OwnersOfAsync(IReadOnlyCollection<int> scope, CancellationToken ct) =>
        db.Clients.Where(c => scope.Contains(c.Id)).Select(c => c.OwnerId).Distinct().ToListAsync(ct);

    private async Task<List<string>> AssigneesOfOpenWorkAsync(IReadOnlyCollection<int>? scope, CancellationToken ct) => scope is null
        ? []
        : await db.FollowUps.Where(f => scope.Contains(f.ClientId) && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed))
            .Select(f => f.AssigneeId).Distinct().ToListAsync(ct);

    private async Task PlanOwnersAsync(IReadOnlyCollection<int> clientIds, CancellationToken ct) =>
        await FollowUpPlanning.LevelAsync(db, clock, await OwnersOfAsync(clientIds, ct), ct);

    private async Task<int> WinBackCadenceAsync(CancellationToken ct) =>
        Math.Clamp(await db.GetIntSettingAsync(SettingKeys.WinBackCadenceDays, DefaultWinBackCadenceDays, ct), 1, 365);

    public const int DefaultWinBackCadenceDays = 14;
}
