using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>What an admin does to endpoints: add, change events, pause, resume, delete, test, resend; each is audited.</summary>
public sealed class WebhookEndpoints(CrmDbContext db, IClock clock, Audit audit, WebhookSecrets secrets, WebhookSubscriptions subscriptions,
    WebhookEvents events)
{
    public static readonly string ChooseEvents = T("Choose at least one event.");

    /// <summary>The endpoint made and its secret (shown once), or the reason it was refused (an English resource key).</summary>
    public sealed record Created(WebhookEndpoint? Endpoint, string? Secret, string? Refusal);

    public async Task<Created> CreateAsync(string url, IEnumerable<string> eventTypes, ClaimsPrincipal user, CancellationToken ct)
    {
        url = url.Trim();
        if (url.Length > WebhookEndpoint.UrlMaxLength) return new(null, null, WebhookAddressGuard.NotHttp);
        var refusal = await WebhookAddressGuard.RefusalAsync(url, await WebhookSettings.AllowPrivateAddressesAsync(db, ct), ct);
        if (refusal is not null) return new(null, null, refusal);
        var chosen = Known(eventTypes);
        if (chosen.Length == 0) return new(null, null, ChooseEvents);
        var secret = WebhookSecrets.NewSecret();
        var endpoint = new WebhookEndpoint
        {
            Url = url,
            Events = string.Join(',', chosen),
            ProtectedSecret = secrets.Protect(secret),
            CreatedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier),
            CreatedAtUtc = clock.UtcNow,
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        await audit.RecordNowAsync("webhook.created", nameof(WebhookEndpoint), endpoint.Id, $"{url} ({endpoint.Events})", user);
        subscriptions.Invalidate();
        return new(endpoint, secret, null);
    }

    /// <summary>Returns the refusal (an English resource key), or null when saved.</summary>
    public async Task<string?> ChangeEventsAsync(int id, IEnumerable<string> eventTypes, ClaimsPrincipal user, CancellationToken ct)
    {
        var chosen = Known(eventTypes);
        if (chosen.Length == 0) return ChooseEvents;
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return null;
        endpoint.Events = string.Join(',', chosen);
        audit.Record("webhook.events_changed", nameof(WebhookEndpoint), id, endpoint.Events, user);
        await db.SaveChangesAsync(ct);
        subscriptions.Invalidate();
        return null;
    }

    public async Task<bool> PauseAsync(int id, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var changed = await db.WebhookEndpoints.Where(e => e.Id == id && e.PausedAtUtc == null).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.PausedAtUtc, now)
            .SetProperty(e => e.PauseReason, WebhookPauseReason.ByAdmin), ct) > 0;
        if (changed) await audit.RecordNowAsync("webhook.paused", nameof(WebhookEndpoint), id, null, user);
        subscriptions.Invalidate();
        return changed;
    }

    /// <summary>Sends again: deliveries held while paused go out, and the failure clock starts afresh.</summary>
    public async Task<bool> ResumeAsync(int id, ClaimsPrincipal user, CancellationToken ct)
    {
        var changed = await db.WebhookEndpoints.Where(e => e.Id == id && e.PausedAtUtc != null).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.PausedAtUtc, (DateTime?)null)
            .SetProperty(e => e.PauseReason, (WebhookPauseReason?)null)
            .SetProperty(e => e.FailingSinceUtc, (DateTime?)null), ct) > 0;
        if (changed) await audit.RecordNowAsync("webhook.resumed", nameof(WebhookEndpoint), id, null, user);
        subscriptions.Invalidate();
        return changed;
    }

    public async Task<bool> DeleteAsync(int id, ClaimsPrincipal user, CancellationToken ct)
    {
        var url = await db.WebhookEndpoints.Where(e => e.Id == id).Select(e => e.Url).FirstOrDefaultAsync(ct);
        if (url is null) return false;
        await db.WebhookEndpoints.Where(e => e.Id == id).ExecuteDeleteAsync(ct);
        await audit.RecordNowAsync("webhook.deleted", nameof(WebhookEndpoint), id, url, user);
        subscriptions.Invalidate();
        return true;
    }

    public async Task<bool> SendTestAsync(int id, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == id, ct)) return false;
        await events.TestAsync(id, ct);
        await audit.RecordNowAsync("webhook.tested", nameof(WebhookEndpoint), id, null, user);
        return true;
    }

    /// <summary>
    /// Sends a delivery once more, now, with the same event id (a receiver that kept it can tell); it gets a fresh day of
    /// retries. One being sent at this moment is left alone.
    /// </summary>
    public async Task<bool> ResendAsync(int endpointId, long deliveryId, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var changed = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && d.EndpointId == endpointId && d.Status != WebhookDeliveryStatus.Sending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Pending)
                .SetProperty(d => d.NextAttemptAtUtc, now)
                .SetProperty(d => d.CreatedAtUtc, now)
                .SetProperty(d => d.DeliveredAtUtc, (DateTime?)null), ct) > 0;
        if (changed) await audit.RecordNowAsync("webhook.resent", nameof(WebhookDelivery), deliveryId, $"endpoint {endpointId}", user);
        return changed;
    }

    private static string[] Known(IEnumerable<string> eventTypes) =>
        [.. WebhookEventTypes.All.Where(t => eventTypes.Contains(t, StringComparer.Ordinal))];

    /// <summary>Marks English text as a resource key (found by scripts/i18n-keys.py); it is translated where it is shown.</summary>
    private static string T(string english) => english;
}
