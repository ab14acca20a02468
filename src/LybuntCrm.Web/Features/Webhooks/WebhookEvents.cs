using System.Text.Json;
using System.Text.Json.Nodes;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

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

    private void Stage(string eventType, IReadOnlyList<int> endpointIds, JsonObject data)
    {
        var now = clock.UtcNow;
        var eventId = Guid.NewGuid();
        var payload = new JsonObject
        {
            ["id"] = eventId,
            ["type"] = eventType,
            ["occurredAt"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = data,
        }.ToJsonString(Json);
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
