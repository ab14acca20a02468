using System.Net;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Email;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>
/// Pauses endpoints whose every delivery has failed for <see cref="WebhookQueue.RetryFor"/> and tells the admins: an
/// audit entry and an email to each active admin, in their language, through the email outbox.
/// </summary>
public sealed class WebhookPausing(CrmDbContext db, IClock clock, Audit audit, Outbox outbox, IStringLocalizer<SharedResource> t,
    IConfiguration configuration, WebhookSubscriptions subscriptions)
{
    public const string EmailKind = "webhook-paused";

    public async Task<int> PauseFailingAsync(CancellationToken ct)
    {
        var now = clock.UtcNow;
        var failingSince = now - WebhookQueue.RetryFor;
        var endpoints = await db.WebhookEndpoints
            .Where(e => e.PausedAtUtc == null && e.FailingSinceUtc != null && e.FailingSinceUtc <= failingSince)
            .ToListAsync(ct);
        if (endpoints.Count == 0) return 0;
        foreach (var endpoint in endpoints)
        {
            endpoint.PausedAtUtc = now;
            endpoint.PauseReason = WebhookPauseReason.Failing;
            audit.Record("webhook.paused_failing", nameof(WebhookEndpoint), endpoint.Id, endpoint.Url);
        }
        await db.SaveChangesAsync(ct);
        subscriptions.Invalidate();
        await NotifyAdminsAsync(endpoints.Select(e => e.Url).ToList(), ct);
        return endpoints.Count;
    }

    private async Task NotifyAdminsAsync(IReadOnlyList<string> urls, CancellationToken ct)
    {
        var adminRoleIds = db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id);
        var admins = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.Email != null && db.UserRoles.Any(ur => ur.UserId == u.Id && adminRoleIds.Contains(ur.RoleId)))
            .Select(u => new { Email = u.Email!, u.DisplayName, u.Culture })
            .ToListAsync(ct);
        var link = AppAddress.BaseUrl(configuration).TrimEnd('/') + "/Admin/Webhooks";
        var messages = new List<OutboxMessage>();
        foreach (var admin in admins)
        {
            using var culture = CultureScope.Use(admin.Culture);
            var subject = t["A webhook was paused"].Value;
            var intro = t["Every delivery to these addresses failed for a day, so they were paused. Check the receiver, then resume them on the Webhooks page."].Value;
            var open = t["Open the Webhooks page"].Value;
            var list = string.Join("", urls.Select(u => $"<li><bdi dir=\"ltr\">{WebUtility.HtmlEncode(u)}</bdi></li>"));
            var dir = admin.Culture == "fa" ? "rtl" : "ltr";
            var html = $"<div dir=\"{dir}\"><p>{WebUtility.HtmlEncode(intro)}</p><ul>{list}</ul><p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(open)}</a></p></div>";
            var text = $"{intro}\n\n{string.Join("\n", urls.Select(u => "- " + u))}\n\n{open}: {link}\n";
            messages.Add(new OutboxMessage(admin.Email, admin.DisplayName, EmailKind, clock.Today, subject, html, text));
        }
        await outbox.EnqueueAsync(messages, ct);
    }
}
