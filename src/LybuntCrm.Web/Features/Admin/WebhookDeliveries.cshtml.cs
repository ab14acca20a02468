using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Webhooks;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Admin;

/// <summary>One endpoint's latest deliveries: event, status, attempts, last answer and time, with "Resend".</summary>
public sealed class WebhookDeliveriesModel(CrmDbContext db, WebhookEndpoints endpoints, UserManager<AppUser> users) : PageModel
{
    public const int Shown = 100;

    public string EndpointUrl { get; private set; } = "";
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(long Id, Guid EventId, string EventType, WebhookDeliveryStatus Status, int Attempts, int? LastStatusCode,
        string? LastAnswer, DateTime CreatedAt, DateTime? DeliveredAt, DateTime NextAttemptAt);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var url = await db.WebhookEndpoints.AsNoTracking().Where(e => e.Id == id).Select(e => e.Url).FirstOrDefaultAsync(ct);
        if (url is null) return NotFound();
        EndpointUrl = url;
        var zone = TimeZones.Find((await users.GetUserAsync(User))?.TimeZoneId ?? "UTC");
        DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var rows = await db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == id)
            .OrderByDescending(d => d.Id).Take(Shown)
            .Select(d => new { d.Id, d.EventId, d.EventType, d.Status, d.Attempts, d.LastStatusCode, d.LastAnswer, d.CreatedAtUtc, d.DeliveredAtUtc, d.NextAttemptAtUtc })
            .ToListAsync(ct);
        Rows = [.. rows.Select(d => new Row(d.Id, d.EventId, d.EventType, d.Status, d.Attempts, d.LastStatusCode, d.LastAnswer,
            Local(d.CreatedAtUtc), d.DeliveredAtUtc is { } at ? Local(at) : null, Local(d.NextAttemptAtUtc)))];
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(int id, long deliveryId, CancellationToken ct)
    {
        if (await endpoints.ResendAsync(id, deliveryId, User, ct)) TempData["Flash"] = "The event will be sent again within a minute.";
        return Redirect($"/Admin/Webhooks/{id}");
    }

    /// <summary>The answer as shown: the app's own notes (timeouts, refusals) in the reader's language, the receiver's words as sent.</summary>
    public static (string? Note, string? Detail) SplitAnswer(string? answer)
    {
        if (answer is null) return (null, null);
        foreach (var note in new[] { WebhookAnswers.TimedOut, WebhookAnswers.PrivateAddress, WebhookAnswers.Unreachable, WebhookAnswers.SecretUnreadable })
            if (answer.StartsWith(note, StringComparison.Ordinal)) return (note, answer[note.Length..].Trim());
        return (null, answer);
    }
}
