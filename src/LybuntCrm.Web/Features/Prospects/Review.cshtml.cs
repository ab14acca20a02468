using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Prospects;

/// <summary>
/// A prospect's warning signals with the touchpoints that prove them, and the decision: keep pursuing (silences the
/// signals found for a while), revisit on a date (out of every schedule until then), or disqualify with a reason
/// (out of every schedule, open follow-ups dismissed). Owner or admin only.
/// </summary>
public sealed class ReviewModel(CrmDbContext db, IClock clock, Audit audit, ClientChanges changes, IStringLocalizer<SharedResource> t, DisplayFormat f) : PageModel
{
    public const int MaxRevisitDays = 730;

    [BindProperty] public DecisionForm Input { get; set; } = new();

    public ClientInfo Client { get; private set; } = null!;
    public ProspectSignalSet Signals { get; private set; } = ProspectSignalSet.None;
    public SignalThresholds Thresholds { get; private set; } = SignalThresholds.Default;
    public IReadOnlyDictionary<int, TouchRow> Touches { get; private set; } = new Dictionary<int, TouchRow>();
    public IReadOnlyList<PastReview> History { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public sealed record ClientInfo(int Id, string Name, ClientStatus Status, LifecycleStage Stage, string OwnerId, string OwnerName,
        decimal? ExpectedValue, decimal? AcquisitionCost, DateOnly CreatedOn, DateOnly KnownSince, DateOnly? RevisitOn);

    public sealed record TouchRow(int Id, DateOnly OccurredOn, Channel Channel, Direction Direction, TouchpointOutcome Outcome,
        string? Summary, decimal? Cost, bool Disrespectful, string UserName);

    public sealed record PastReview(DateOnly DecidedOn, string Reviewer, ReviewDecision Decision, DisqualifyReason? Reason,
        string? Note, DateOnly? RevisitOn, DateOnly? SilencedUntil, string SignalsJson);

    public sealed class DecisionForm
    {
        [Display(Name = "Decision")]
        public ReviewDecision? Decision { get; set; }

        [Display(Name = "Reason")]
        public DisqualifyReason? Reason { get; set; }

        [Display(Name = "Revisit on")]
        public DateOnly? RevisitOn { get; set; }

        [StringLength(2000, ErrorMessage = "Keep the note under 2000 characters.")]
        [Display(Name = "Note")]
        public string? Note { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int clientId, CancellationToken ct)
    {
        if (await LoadAsync(clientId, ct) is { } refused) return refused;
        Input.Reason = Signals.Active.Select(s => (DisqualifyReason?)ProspectSignals.ReasonFor(s.Kind)).FirstOrDefault();
        Input.RevisitOn = Today.AddDays(90);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int clientId, CancellationToken ct)
    {
        if (await LoadAsync(clientId, ct) is { } refused) return refused;
        Validate();
        if (!ModelState.IsValid) return Page();

        var decision = Input.Decision!.Value;
        var note = TextInput.Clean(Input.Note, multiline: true);
        var now = clock.UtcNow;
        var review = new ProspectReview
        {
            ClientId = clientId,
            ReviewerId = User.Id(),
            DecidedAtUtc = now,
            DecidedOn = Today,
            SignalsJson = ProspectSignalQuery.Serialize(Signals.All),
            Decision = decision,
            Reason = decision == ReviewDecision.Disqualify ? Input.Reason : null,
            Note = note,
            RevisitOn = decision == ReviewDecision.Revisit ? Input.RevisitOn : null,
            SilencedUntil = decision == ReviewDecision.KeepPursuing ? Today.AddDays(Thresholds.SilenceDays) : null,
        };

        await db.InTransactionAsync(async () =>
        {
            db.ProspectReviews.Add(review);
            audit.Record("prospect.reviewed", "Client", clientId, decision == ReviewDecision.Disqualify ? $"{decision}: {review.Reason}" : decision.ToString());
            await db.SaveChangesAsync(ct);
            var open = db.FollowUps.Where(f => f.ClientId == clientId && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed));
            switch (decision)
            {
                case ReviewDecision.KeepPursuing:
                    await open.Where(f => f.Kind == FollowUpKind.ProspectReview).ExecuteUpdateAsync(s => s
                        .SetProperty(f => f.Status, FollowUpStatus.Done)
                        .SetProperty(f => f.ClosedReasonCode, FollowUpReasons.KeepPursuing)
                        .SetProperty(f => f.ClosedAtUtc, now), ct);
                    break;
                case ReviewDecision.Revisit:
                    var until = review.RevisitOn is { } revisitOn ? FollowUpReasons.Args(FollowUpReasons.Value(revisitOn)) : null;
                    await open.ExecuteUpdateAsync(s => s
                        .SetProperty(f => f.Status, FollowUpStatus.Dismissed)
                        .SetProperty(f => f.ClosedReasonCode, FollowUpReasons.SetAside)
                        .SetProperty(f => f.ClosedReasonArgs, until)
                        .SetProperty(f => f.ClosedAtUtc, now), ct);
                    await db.Clients.Where(c => c.Id == clientId).ExecuteUpdateAsync(s => s.SetProperty(c => c.RevisitOn, review.RevisitOn), ct);
                    break;
                case ReviewDecision.Disqualify:
                    var why = FollowUpReasons.Args(review.Reason?.ToString());
                    await open.ExecuteUpdateAsync(s => s
                        .SetProperty(f => f.Status, FollowUpStatus.Dismissed)
                        .SetProperty(f => f.ClosedReasonCode, FollowUpReasons.Disqualified)
                        .SetProperty(f => f.ClosedReasonArgs, why)
                        .SetProperty(f => f.ClosedAtUtc, now), ct);
                    await db.Clients.Where(c => c.Id == clientId).ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.Status, ClientStatus.Disqualified)
                        .SetProperty(c => c.RevisitOn, (DateOnly?)null), ct);
                    break;
            }
            await changes.ClientChangedAsync(clientId, ct);
        }, ct);

        TempData["Flash"] = decision switch
        {
            ReviewDecision.KeepPursuing => t["Keep pursuing {0}: its current signals are silenced until {1}.", Bidi.Isolate(Client.Name), f.Date(review.SilencedUntil)].Value,
            ReviewDecision.Revisit => t["{0} is set aside until {1}; it leaves every schedule until then.", Bidi.Isolate(Client.Name), f.Date(review.RevisitOn)].Value,
            _ => t["{0} is disqualified ({1}); its open follow-ups were dismissed.", Bidi.Isolate(Client.Name), review.Reason is { } reason ? EnumLabels.Label(t, reason) : t["Not recorded"].Value].Value,
        };
        return Redirect("/Prospects");
    }

    private void Validate()
    {
        if (Client.Status != ClientStatus.Prospect)
            ModelState.AddModelError(string.Empty, "Only open prospects can be reviewed; this one is no longer a prospect.");
        switch (Input.Decision)
        {
            case null:
                ModelState.AddModelError("Input.Decision", "Choose a decision.");
                break;
            case ReviewDecision.Revisit when Input.RevisitOn is null:
                ModelState.AddModelError("Input.RevisitOn", "Choose the date to revisit this prospect.");
                break;
            case ReviewDecision.Revisit when Input.RevisitOn <= Today:
                ModelState.AddModelError("Input.RevisitOn", "The revisit date must be after today.");
                break;
            case ReviewDecision.Revisit when Input.RevisitOn > Today.AddDays(MaxRevisitDays):
                ModelState.AddModelError("Input.RevisitOn", "Choose a revisit date within two years.");
                break;
            case ReviewDecision.Disqualify when Input.Reason is null || !Enum.IsDefined(Input.Reason.Value):
                ModelState.AddModelError("Input.Reason", "Choose the reason for disqualifying.");
                break;
            case ReviewDecision.Disqualify when Input.Reason == DisqualifyReason.Other && TextInput.Clean(Input.Note) is null:
                ModelState.AddModelError("Input.Note", "Explain the reason in a note when it is \"other\".");
                break;
        }
    }

    /// <summary>Loads what the page shows; returns a result when the request must stop (not found, not allowed).</summary>
    private async Task<IActionResult?> LoadAsync(int clientId, CancellationToken ct)
    {
        Today = clock.Today;
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == clientId)
            .Select(ClientTimeline.Select((c, facts) => new ClientInfo(c.Id, c.Name, c.Status, c.Stage, c.OwnerId, c.Owner!.DisplayName,
                c.ExpectedValue, c.AcquisitionCost, c.CreatedOn, facts.KnownSince, c.RevisitOn)))
            .FirstOrDefaultAsync(ct);
        if (client is null) return NotFound();
        if (!User.CanChangeClientOwnedBy(client.OwnerId)) return Forbid();
        Client = client;
        Thresholds = await ProspectSignalQuery.ThresholdsAsync(db, ct);
        var signals = await ProspectSignalQuery.ForAsync(db, db.Clients.Where(c => c.Id == clientId), Today, Thresholds, allTouchpoints: true, ct);
        Signals = signals.GetValueOrDefault(clientId) ?? ProspectSignalSet.None;
        var evidence = Signals.All.SelectMany(s => s.EvidenceIds).Distinct().ToList();
        Touches = await db.Touchpoints.AsNoTracking().Where(x => evidence.Contains(x.Id))
            .Select(x => new TouchRow(x.Id, x.OccurredOn, x.Channel, x.Direction, x.Outcome, x.Summary, x.Cost, x.Disrespectful, x.User!.DisplayName))
            .ToDictionaryAsync(x => x.Id, ct);
        History = await db.ProspectReviews.AsNoTracking().Where(r => r.ClientId == clientId)
            .OrderByDescending(r => r.DecidedAtUtc).ThenByDescending(r => r.Id)
            .Select(r => new PastReview(r.DecidedOn, r.Reviewer!.DisplayName, r.Decision, r.Reason, r.Note, r.RevisitOn, r.SilencedUntil, r.SignalsJson))
            .ToListAsync(ct);
        return null;
    }

    public string Title(SignalKind kind) => kind switch
    {
        SignalKind.IdeaTaker => t["Asked for a proposal, then went silent"],
        SignalKind.AlwaysDelaying => t["Always too busy"],
        SignalKind.TooCostly => t["Too costly to acquire"],
        SignalKind.Abusive => t["Rude or abusive"],
        _ => t["Gone quiet"],
    };

    public string Explain(Signal s) => s.Kind switch
    {
        SignalKind.IdeaTaker => t["The proposal went out {0} days ago and no response has come since (threshold: {1} days).", f.Number(s.Days), f.Number(Thresholds.IdeaTakerDays)],
        SignalKind.AlwaysDelaying => t["{0} postponements or no-shows in the last {1} days (threshold: {2}).", f.Number(s.Count), f.Number(Thresholds.DelayWindowDays), f.Number(Thresholds.DelayCount)],
        SignalKind.TooCostly => t["Acquisition cost {0} is {1}% of the expected value {2} (threshold: {3}%).",
            f.Amount(Client.AcquisitionCost ?? 0), f.Number(s.Percent), f.Amount(Client.ExpectedValue ?? 0), f.Number(Thresholds.CostPercent)],
        SignalKind.Abusive => s.Count == 1
            ? t["{0} touchpoint flagged as disrespectful.", f.Number(1)]
            : t["{0} touchpoints flagged as disrespectful.", f.Number(s.Count)],
        _ => t["No response for {0} days (threshold: {1} days).", f.Number(s.Days), f.Number(Thresholds.QuietDays)],
    };
}
