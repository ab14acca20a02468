using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Lybunt;

/// <summary>
/// One flagged client's win-back: what is at risk and what has been done, and the three ways to move it on — log the
/// touchpoint, snooze to a date, or let the client go with a reason. Anyone may look; only the owner or an admin acts.
/// </summary>
public sealed class WinBackModel(CrmDbContext db, IClock clock, Audit audit, ClientChanges changes, IStringLocalizer<SharedResource> t, DisplayFormat f) : PageModel
{
    public const int MaxSnoozeDays = 365;

    [FromRoute] public int ClientId { get; set; }

    public Client Client { get; private set; } = null!;
    public string OwnerName { get; private set; } = "";
    public FollowUp? FollowUp { get; private set; }
    public WinBackState State { get; private set; }
    public FiscalYear Year { get; private set; }
    public IReadOnlyList<Touchpoint> RecentTouchpoints { get; private set; } = [];
    /// <summary>Touches since the client was flagged: each one is a win-back attempt.</summary>
    public int Attempts { get; private set; }
    public bool CanAct { get; private set; }
    public DateOnly Today => clock.Today;

    [BindProperty] public TouchpointInput Touch { get; set; } = new();
    [BindProperty] public SnoozeInput Snooze { get; set; } = new();
    [BindProperty] public LetGoInput LetGo { get; set; } = new();

    public sealed class TouchpointInput
    {
        [Display(Name = "Channel")] public Channel Channel { get; set; } = Channel.Phone;
        [Display(Name = "Direction")] public Direction Direction { get; set; } = Direction.Outbound;
        [Display(Name = "Outcome")] public TouchpointOutcome Outcome { get; set; } = TouchpointOutcome.Reached;
        public string? Summary { get; set; }
    }

    public sealed class SnoozeInput
    {
        public DateOnly? Until { get; set; }
    }

    public sealed class LetGoInput
    {
        public string? Reason { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Snooze.Until ??= clock.Today.AddDays(30);
        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostTouchpointAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!CanAct) return StatusCode(StatusCodes.Status403Forbidden);
        ModelState.Clear();
        var summary = TextInput.Clean(Touch.Summary, multiline: true);
        if (!Enum.IsDefined(Touch.Channel)) ModelState.AddModelError("Touch.Channel", t["Choose a channel."]);
        if (!Enum.IsDefined(Touch.Direction)) ModelState.AddModelError("Touch.Direction", t["Choose a direction."]);
        if (!Enum.IsDefined(Touch.Outcome)) ModelState.AddModelError("Touch.Outcome", t["Choose an outcome."]);
        if (summary is { Length: > 4000 }) ModelState.AddModelError("Touch.Summary", t["Keep the summary under 4,000 characters."]);
        if (!ModelState.IsValid) return Page();

        var touch = new Touchpoint
        {
            ClientId = Client.Id,
            UserId = User.Id(),
            OccurredOn = clock.Today,
            CreatedAtUtc = clock.UtcNow,
            Channel = Touch.Channel,
            Direction = Touch.Direction,
            Outcome = Touch.Outcome,
            Summary = string.IsNullOrEmpty(summary) ? null : summary,
        };
        // The win-back stays open: a touch is an attempt, and the next one follows the win-back cadence. It closes when
        // the client buys again or is let go.
        audit.Record("lybunt.winback.touchpoint", nameof(Domain.Client), Client.Id, $"{Touch.Channel} {Touch.Direction} {Touch.Outcome}");
        var outcome = await changes.TouchLoggedAsync(touch, ct: ct);
        TempData["Flash"] = Features.Today.TouchMessages.For(t, f, Client.Name, outcome);
        return RedirectToPage(new { ClientId });
    }

    public async Task<IActionResult> OnPostSnoozeAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!CanAct) return StatusCode(StatusCodes.Status403Forbidden);
        ModelState.Clear();
        if (FollowUp is not { Status: FollowUpStatus.Open or FollowUpStatus.Snoozed })
            ModelState.AddModelError("Snooze.Until", t["There is no open win-back to snooze."]);
        else if (Snooze.Until is not { } until)
            ModelState.AddModelError("Snooze.Until", t["Choose the date to come back to this client."]);
        else if (until <= clock.Today || until > clock.Today.AddDays(MaxSnoozeDays))
            ModelState.AddModelError("Snooze.Until", t["Choose a date after today and within a year."]);
        if (!ModelState.IsValid) return Page();

        var date = Snooze.Until!.Value;
        FollowUp!.Status = FollowUpStatus.Snoozed;
        FollowUp.SnoozedUntil = date;
        FollowUp.PlannedOn = date;
        if (FollowUp.DueOn < date) FollowUp.DueOn = date;
        audit.Record("lybunt.winback.snooze", nameof(Domain.FollowUp), FollowUp.Id, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"until {date:yyyy-MM-dd}"));
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Win-back snoozed until {0}.", f.Date(date)].Value;
        return RedirectToPage(new { ClientId });
    }

    public async Task<IActionResult> OnPostLetGoAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!CanAct) return StatusCode(StatusCodes.Status403Forbidden);
        ModelState.Clear();
        var reason = TextInput.Clean(LetGo.Reason);
        if (string.IsNullOrWhiteSpace(reason))
            ModelState.AddModelError("LetGo.Reason", t["Say why you are letting this client go."]);
        else if (reason.Length > 500)
            ModelState.AddModelError("LetGo.Reason", t["Keep the reason under 500 characters."]);
        if (Client.Status == ClientStatus.LetGo)
            ModelState.AddModelError("LetGo.Reason", t["This client has already been let go."]);
        if (!ModelState.IsValid) return Page();

        Client.Status = ClientStatus.LetGo;
        Client.LetGoReason = reason;
        Client.LetGoOn = clock.Today;
        audit.Record("lybunt.winback.letgo", nameof(Domain.Client), Client.Id, "let go with a reason");
        await db.InTransactionAsync(async () =>
        {
            await db.FollowUps
                .Where(f => f.ClientId == Client.Id && f.Kind == FollowUpKind.WinBack
                            && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(f => f.Status, FollowUpStatus.Dismissed)
                    .SetProperty(f => f.ClosedReasonCode, Retention.LetGoReason)
                    .SetProperty(f => f.ClosedAtUtc, clock.UtcNow), ct);
            await db.SaveChangesAsync(ct);
            // Let go: out of every schedule, in the same transaction.
            await changes.ClientChangedAsync(Client.Id, ct);
        }, ct);
        TempData["Flash"] = t["{0} was let go. The reason is kept with the client.", Bidi.Isolate(Client.Name)].Value;
        return RedirectToPage(new { ClientId });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Id == ClientId, ct);
        if (client is null) return false;
        Client = client;
        CanAct = User.CanChange(client);
        Year = FiscalYear.Containing(clock.Today, await db.FiscalStartMonthAsync(ct));
        OwnerName = await db.Users.Where(u => u.Id == client.OwnerId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        FollowUp = await db.FollowUps.Where(f => f.ClientId == client.Id && f.Kind == FollowUpKind.WinBack)
            .OrderByDescending(f => f.Id).FirstOrDefaultAsync(ct);
        RecentTouchpoints = await db.Touchpoints.AsNoTracking().Include(tp => tp.User)
            .Where(tp => tp.ClientId == client.Id)
            .OrderByDescending(tp => tp.OccurredOn).ThenByDescending(tp => tp.Id).Take(5).ToListAsync(ct);
        if (FollowUp is not null)
        {
            // Since the client was flagged (this fiscal year's win-back), by the business day of each touch.
            var since = client.FirstFlaggedOn is { } flagged && flagged > Year.Start ? flagged : Year.Start;
            Attempts = await db.Touchpoints.CountAsync(tp => tp.ClientId == client.Id && tp.OccurredOn >= since, ct);
        }
        var recovered = client.RetentionFlag == RetentionFlag.None && client.RecoveredOn >= Year.Start;
        State = WinBackStatus.Of(client.Status, client.DoNotContact, recovered, FollowUp?.Status, FollowUp?.ClosedReasonCode ?? FollowUp?.ClosedReason);
        return true;
    }
}
