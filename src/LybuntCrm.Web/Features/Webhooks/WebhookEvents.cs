using System.Text.Json;
using System.Text.Json.Nodes;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>
/// Writes an event's deliveries, one per endpoint that receives it, into the caller's unit of work, so they are committed
/// with the change they report (or not at all). When no active endpoint receives the event this costs one cached check.
/// </summary>
public sealed class WebhookEvents(CrmDbContext db, IClock clock, WebhookSubscriptions subscriptions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds a client event (created, updated) for these clients; saved with the caller's next save.</summary>
    public async Task ClientsAsync(string eventType, IReadOnlyCollection<int> clientIds, CancellationToken ct)
    {
        if (clientIds.Count == 0 || !await subscriptions.AnyAsync(db, eventType, ct)) return;
        var endpoints = await EndpointsForAsync(eventType, ct);
        if (endpoints.Count == 0) return;
        var clients = await ClientViewsAsync(clientIds, ct);
        foreach (var id in clientIds.Distinct())
            if (clients.TryGetValue(id, out var client)) Stage(eventType, endpoints, new JsonObject { ["client"] = client });
    }

    public async Task PurchaseRecordedAsync(Purchase purchase, CancellationToken ct)
    {
        if (purchase.Status != PurchaseStatus.Completed || !await subscriptions.AnyAsync(db, WebhookEventTypes.PurchaseRecorded, ct)) return;
        var endpoints = await EndpointsForAsync(WebhookEventTypes.PurchaseRecorded, ct);
        if (endpoints.Count == 0) return;
        var clients = await ClientViewsAsync([purchase.ClientId], ct);
        var money = ApiMoney.Of(purchase.Amount, purchase.Currency);
        Stage(WebhookEventTypes.PurchaseRecorded, endpoints, new JsonObject
        {
            ["client"] = clients.GetValueOrDefault(purchase.ClientId),
            ["purchase"] = new JsonObject
            {
                ["id"] = purchase.Id,
                ["date"] = purchase.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["amount"] = money.Amount,
                ["currency"] = money.Currency,
                ["reference"] = purchase.Reference,
            },
        });
    }

    /// <summary>Saved touches (with their ids); the client of each is read once for all of them.</summary>
    public async Task TouchesLoggedAsync(IReadOnlyCollection<Touchpoint> touches, CancellationToken ct)
    {
        if (touches.Count == 0 || !await subscriptions.AnyAsync(db, WebhookEventTypes.TouchpointLogged, ct)) return;
        var endpoints = await EndpointsForAsync(WebhookEventTypes.TouchpointLogged, ct);
        if (endpoints.Count == 0) return;
        var clients = await ClientViewsAsync(touches.Select(t => t.ClientId).ToList(), ct);
        foreach (var touch in touches)
        {
            Stage(WebhookEventTypes.TouchpointLogged, endpoints, new JsonObject
            {
                ["client"] = clients.GetValueOrDefault(touch.ClientId)?.DeepClone(),
                ["touchpoint"] = new JsonObject
                {
                    ["id"] = touch.Id,
                    ["occurredOn"] = touch.OccurredOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    ["channel"] = touch.Channel.ToString(),
                    ["direction"] = touch.Direction.ToString(),
                    ["outcome"] = touch.Outcome.ToString(),
                    ["summary"] = touch.Summary,
                    ["userId"] = touch.UserId,
                },
            });
        }
    }

    /// <summary>One summary event for a whole import (never one per row), with its counts.</summary>
    public async Task ImportFinishedAsync(ImportRun run, CancellationToken ct)
    {
        if (!await subscriptions.AnyAsync(db, WebhookEventTypes.ImportFinished, ct)) return;
        var endpoints = await EndpointsForAsync(WebhookEventTypes.ImportFinished, ct);
        if (endpoints.Count == 0) return;
        Stage(WebhookEventTypes.ImportFinished, endpoints, new JsonObject
        {
            ["import"] = new JsonObject
            {
                ["id"] = run.Id,
                ["kind"] = run.Kind.ToString(),
                ["status"] = run.Status.ToString(),
                ["fileName"] = run.FileName,
                ["rows"] = run.TotalRows,
                ["created"] = run.Created,
                ["updated"] = run.Updated,
                ["skipped"] = run.Skipped,
                ["failed"] = run.Failed,
            },
        });
    }

    /// <summary>Whether some active endpoint receives the event: set-based writers ask before collecting what changed.</summary>
    public Task<bool> WantedAsync(string eventType, CancellationToken ct) => subscriptions.AnyAsync(db, eventType, ct);

    /// <summary>
    /// A client event for every client the SQL selects (its ids in one column named <c>Value</c>, e.g. from a temporary
    /// table of the clients a set-based statement changed), written set-based in the caller's transaction: one query for
    /// the ids, one for the clients, the payloads staged in bulk and one INSERT … SELECT for every endpoint at once.
    /// </summary>
    /// <returns>How many deliveries were written.</returns>
    public async Task<int> ClientsSelectedAsync(string eventType, string clientIdsSql, CancellationToken ct)
    {
        if (!await subscriptions.AnyAsync(db, eventType, ct)) return 0;
        var endpoints = await EndpointsForAsync(eventType, ct);
        if (endpoints.Count == 0) return 0;
        var ids = await db.Database.SqlQueryRaw<int>(clientIdsSql).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        var clients = await ClientViewsAsync(ids, ct);
        var now = clock.UtcNow;
        var events = ids.Distinct().Where(clients.ContainsKey)
            .Select(id => (Guid.NewGuid(), new JsonObject { ["client"] = clients[id] }));
        return await InsertStagedAsync(eventType, endpoints, events, now, ct);
    }

    /// <summary>
    /// <c>followup.due</c> for every open follow-up due on <paramref name="today"/> or in the week before it (a missed night is
    /// caught up; a new endpoint is not flooded with an old backlog), set-based. The event id is derived from the follow-up
    /// and its due date, so running this again the same day (or the next) writes nothing twice.
    /// </summary>
    public async Task<int> FollowUpsDueAsync(DateOnly today, CancellationToken ct)
    {
        if (!await subscriptions.AnyAsync(db, WebhookEventTypes.FollowUpDue, ct)) return 0;
        var endpoints = await EndpointsForAsync(WebhookEventTypes.FollowUpDue, ct);
        if (endpoints.Count == 0) return 0;
        var from = today.AddDays(-(FollowUpDueDays - 1));
        var due = await db.FollowUps.AsNoTracking()
            .Where(f => f.Status == FollowUpStatus.Open && f.DueOn <= today && f.DueOn >= from)
            .Select(f => new { f.Id, f.ClientId, f.Kind, f.DueOn, f.AssigneeId })
            .ToListAsync(ct);
        if (due.Count == 0) return 0;
        var clients = await ClientViewsAsync(due.Select(f => f.ClientId).ToList(), ct);
        var now = clock.UtcNow;
        var events = due.Select(f =>
        {
            var dueOn = f.DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            return (NameBasedGuid.Create($"{WebhookEventTypes.FollowUpDue}:{f.Id}:{dueOn}"), new JsonObject
            {
                ["client"] = clients.GetValueOrDefault(f.ClientId)?.DeepClone(),
                ["followUp"] = new JsonObject { ["id"] = f.Id, ["kind"] = f.Kind.ToString(), ["dueOn"] = dueOn, ["ownerId"] = f.AssigneeId },
            });
        });
        return await InsertStagedAsync(WebhookEventTypes.FollowUpDue, endpoints, events, now, ct);
    }

    /// <summary>How many days back <see cref="FollowUpsDueAsync"/> looks, today included.</summary>
    public const int FollowUpDueDays = 7;

    /// <summary>A test event for one endpoint, whatever it subscribes to; saved at once.</summary>
    public async Task TestAsync(int endpointId, CancellationToken ct)
    {
        Stage(WebhookEventTypes.Test, [endpointId], new JsonObject { ["message"] = "This is a test event from LybuntCrm." });
        await db.SaveChangesAsync(ct);
    }

    private Task<List<int>> EndpointsForAsync(string eventType, CancellationToken ct) =>
        db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.PausedAtUtc == null && ("," + e.Events + ",").Contains("," + eventType + ","))
            .Select(e => e.Id).ToListAsync(ct);

    private async Task<Dictionary<int, JsonObject>> ClientViewsAsync(IReadOnlyCollection<int> clientIds, CancellationToken ct)
    {
        var ids = clientIds.Distinct().ToList();
        var rows = await db.Clients.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Name, c.Status, c.ExternalId, c.OwnerId, OwnerName = c.Owner!.DisplayName, OwnerEmail = c.Owner.Email })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new JsonObject
        {
            ["id"] = r.Id,
            ["name"] = r.Name,
            ["status"] = r.Status.ToString(),
            ["externalId"] = r.ExternalId,
            ["owner"] = new JsonObject { ["id"] = r.OwnerId, ["name"] = r.OwnerName, ["email"] = r.OwnerEmail },
        });
    }

    /// <summary>
    /// The events' payloads go to a temporary table in bulk (COPY on PostgreSQL), then one INSERT … SELECT writes a delivery
    /// per event and endpoint; an event an endpoint already has (same id) is skipped.
    /// </summary>
    private async Task<int> InsertStagedAsync(string eventType, IReadOnlyList<int> endpoints,
        IEnumerable<(Guid EventId, JsonObject Data)> events, DateTime now, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            var connection = db.Database.GetDbConnection();
            var tx = db.Database.CurrentTransaction!.GetDbTransaction();
            await db.Database.ExecuteSqlRawAsync(
                """
                    DROP TABLE IF EXISTS webhook_staging;
                    CREATE TEMP TABLE webhook_staging ("EventId" TEXT NOT NULL, "Payload" TEXT NOT NULL);
                    """, ct);
            await db.Dialect.BulkInsertAsync(connection, tx, "webhook_staging", ["\"EventId\"", "\"Payload\""],
                events.Select(e => new object[] { e.EventId.ToString("D"), Envelope(e.EventId, eventType, now, e.Data) }), ct);
            var endpointList = string.Join(",", endpoints.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var eventIdColumn = db.Dialect.GuidFromText("s.\"EventId\"");
            var insert =
                $$"""
                    INSERT INTO "WebhookDeliveries" ("EndpointId", "EventId", "EventType", "Payload", "CreatedAtUtc", "NextAttemptAtUtc", "Attempts", "Status")
                    SELECT e."Id", {{eventIdColumn}}, {0}, s."Payload", {1}, {1}, 0, {2}
                    FROM webhook_staging AS s CROSS JOIN "WebhookEndpoints" AS e
                    WHERE e."Id" IN ({{endpointList}})
                    ON CONFLICT ("EndpointId", "EventId") DO NOTHING
                    """;
            var written = await db.Database.ExecuteSqlRawAsync(insert, [eventType, now, nameof(WebhookDeliveryStatus.Pending)], ct);
            await db.Database.ExecuteSqlRawAsync("DROP TABLE IF EXISTS webhook_staging", ct);
            if (own is not null) await own.CommitAsync(ct);
            return written;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Envelope(Guid eventId, string eventType, DateTime now, JsonObject data) => new JsonObject
    {
        ["id"] = eventId,
        ["type"] = eventType,
        ["occurredAt"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["data"] = data,
    }.ToJsonString(Json);

    private void Stage(string eventType, IReadOnlyList<int> endpointIds, JsonObject data)
    {
        var now = clock.UtcNow;
        var eventId = Guid.NewGuid();
        var payload = Envelope(eventId, eventType, now, data);
        foreach (var endpointId in endpointIds)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                EndpointId = endpointId,
                EventId = eventId,
                EventType = eventType,
                Payload = payload,
                CreatedAtUtc = now,
                NextAttemptAtUtc = now,
            });
        }
    }
}
