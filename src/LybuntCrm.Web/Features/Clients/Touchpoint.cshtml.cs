using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>Logs one contact with a client; the next check-in moves with it.</summary>
public sealed class TouchpointModel(CrmDbContext db, IClock clock, Audit audit, ClientChanges changes, IStringLocalizer<SharedResource> t, Infrastructure.Formatting.DisplayFormat f)
    : ClientChildPage(db)
{
    [BindProperty] public TouchpointInput Input { get; set; } = new();
    public DateOnly Today => clock.Today;

    public sealed class TouchpointInput
    {
        [Display(Name = "Date")] public DateOnly? OccurredOn { get; set; }
        [Display(Name = "Contact")] public int? ContactId { get; set; }
        [Display(Name = "Channel")] public Channel Channel { get; set; } = Channel.Phone;
        [Display(Name = "Direction")] public Direction Direction { get; set; } = Direction.Outbound;
        [Display(Name = "Outcome")] public TouchpointOutcome Outcome { get; set; } = TouchpointOutcome.Reached;

        [StringLength(4000, ErrorMessage = "Keep the summary under 4,000 characters.")]
        [Display(Name = "Summary")]
        public string? Summary { get; set; }

        [Range(0, 1_000_000, ErrorMessage = "Enter a cost of zero or more.")]
        [Display(Name = "Cost (meal, gift)")]
        public decimal? Cost { get; set; }

        [Display(Name = "The client was disrespectful")] public bool Disrespectful { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int clientId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(Db, clientId, ct) is { } refused) return refused;
        await LoadClientAsync(clientId, ct);
        Input.OccurredOn = clock.Today;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int clientId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(Db, clientId, ct) is { } refused) return refused;
        await LoadClientAsync(clientId, ct);

        var today = clock.Today;
        // A form that has no date field logs the touch today; a date field left empty (or holding a date the browser could
        // not read) is said so, not replaced by today.
        var dateGiven = Request.HasFormContentType && Request.Form.ContainsKey("Input.OccurredOn");
        if (dateGiven && Input.OccurredOn is null && ModelState.GetFieldValidationState("Input.OccurredOn") != ModelValidationState.Invalid)
            ModelState.AddModelError("Input.OccurredOn", t["Enter the day of the touch."]);
        var when = Input.OccurredOn ?? today;
        if (when > today) ModelState.AddModelError("Input.OccurredOn", t["A touchpoint cannot be in the future."]);
        if (when < today.AddYears(-50)) ModelState.AddModelError("Input.OccurredOn", t["Enter a date in the last 50 years."]);
        if (Input.ContactId is { } contactId && ContactOptions.All(c => c.Id != contactId))
            ModelState.AddModelError("Input.ContactId", t["Choose one of this client's contacts."]);
        if (!Enum.IsDefined(Input.Channel)) ModelState.AddModelError("Input.Channel", t["Choose a channel."]);
        if (!Enum.IsDefined(Input.Direction)) ModelState.AddModelError("Input.Direction", t["Choose a direction."]);
        if (!Enum.IsDefined(Input.Outcome)) ModelState.AddModelError("Input.Outcome", t["Choose an outcome."]);
        if (!ModelState.IsValid) return Page();

        var touchpoint = new Touchpoint
        {
            ClientId = clientId,
            ContactId = Input.ContactId,
            UserId = User.Id(),
            OccurredOn = when,
            CreatedAtUtc = clock.UtcNow,
            Channel = Input.Channel,
            Direction = Input.Direction,
            Outcome = Input.Outcome,
            Summary = TextInput.Clean(Input.Summary, multiline: true),
            Cost = Input.Cost,
            Disrespectful = Input.Disrespectful,
        };
        var outcome = await Db.InTransactionAsync(async () =>
        {
            var result = await changes.TouchLoggedAsync(touchpoint, ct: ct);
            audit.Record("touchpoint.logged", nameof(Touchpoint), touchpoint.Id, $"client {clientId}");
            await Db.SaveChangesAsync(ct);
            return result;
        }, ct);

        TempData["Flash"] = Features.Today.TouchMessages.For(t, f, Bidi.Isolate(ClientName), outcome);
        return Redirect($"/Clients/{clientId}");
    }
}
