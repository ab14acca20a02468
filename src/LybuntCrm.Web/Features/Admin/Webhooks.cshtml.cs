using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Webhooks;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Admin;

/// <summary>The webhook endpoints: their state, adding one (its secret shown once), events, pause, resume, delete and test.</summary>
public sealed class WebhooksModel(CrmDbContext db, WebhookEndpoints endpoints, UserManager<AppUser> users, Audit audit) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? NewSecret { get; private set; }
    public int? NewEndpointId { get; private set; }
    public bool AllowPrivateAddresses { get; private set; }

    [BindProperty] public AddInput Input { get; set; } = new();

    public sealed class AddInput
    {
        public string? Url { get; set; }
        public List<string> Events { get; set; } = [];
    }

    public sealed record Row(int Id, string Url, IReadOnlyList<string> Events, DateTime CreatedAt, DateTime? PausedAt,
        WebhookPauseReason? PauseReason, DateTime? FailingSince, int Waiting, int Failed);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var made = await endpoints.CreateAsync(Input.Url ?? "", Input.Events, User, ct);
        if (made.Refusal is not null)
        {
            ModelState.AddModelError(made.Refusal == WebhookEndpoints.ChooseEvents ? "Input.Events" : "Input.Url", made.Refusal);
            await LoadAsync(ct);
            return Page();
        }
        NewSecret = made.Secret;
        NewEndpointId = made.Endpoint!.Id;
        Input = new AddInput();
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEventsAsync(int id, List<string> events, CancellationToken ct)
    {
        var refusal = await endpoints.ChangeEventsAsync(id, events, User, ct);
        if (refusal is null) TempData["Flash"] = "The events are saved.";
        else TempData["Flash"] = refusal;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPauseAsync(int id, CancellationToken ct)
    {
        if (await endpoints.PauseAsync(id, User, ct)) TempData["Flash"] = "The webhook is paused.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResumeAsync(int id, CancellationToken ct)
    {
        if (await endpoints.ResumeAsync(id, User, ct)) TempData["Flash"] = "The webhook is sending again.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        if (await endpoints.DeleteAsync(id, User, ct)) TempData["Flash"] = "The webhook is deleted.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTestAsync(int id, CancellationToken ct)
    {
        if (await endpoints.SendTestAsync(id, User, ct)) TempData["Flash"] = "A test event is on its way; its delivery shows below within a minute.";
        return Redirect($"/Admin/Webhooks/{id}");
    }

    public async Task<IActionResult> OnPostPrivateAddressesAsync(bool allow, CancellationToken ct)
    {
        await WebhookSettings.SetAllowPrivateAddressesAsync(db, allow, ct);
        await audit.RecordNowAsync("setting.changed", nameof(AppSetting), SettingKeys.WebhooksAllowPrivateAddresses, allow ? "true" : "false");
        if (allow) TempData["Flash"] = "Webhooks may now go to private addresses.";
        else TempData["Flash"] = "Webhooks may no longer go to private addresses.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        AllowPrivateAddresses = await WebhookSettings.AllowPrivateAddressesAsync(db, ct);
        var zone = TimeZones.Find((await users.GetUserAsync(User))?.TimeZoneId ?? "UTC");
        DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var rows = await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => new
            {
                Endpoint = e,
                Waiting = db.WebhookDeliveries.Count(d => d.EndpointId == e.Id && (d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Sending)),
                Failed = db.WebhookDeliveries.Count(d => d.EndpointId == e.Id && d.Status == WebhookDeliveryStatus.Failed),
            })
            .ToListAsync(ct);
        Rows = [.. rows.Select(r => new Row(r.Endpoint.Id, r.Endpoint.Url, r.Endpoint.EventList, Local(r.Endpoint.CreatedAtUtc),
            r.Endpoint.PausedAtUtc is { } p ? Local(p) : null, r.Endpoint.PauseReason,
            r.Endpoint.FailingSinceUtc is { } f ? Local(f) : null, r.Waiting, r.Failed))];
    }
}
