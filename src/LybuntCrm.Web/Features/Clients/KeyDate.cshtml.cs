using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>Adds a date worth remembering: a birthday, the day they became a client, a delivered project.</summary>
public sealed class KeyDateModel(CrmDbContext db, Audit audit, IStringLocalizer<SharedResource> t) : ClientChildPage(db)
{
    [BindProperty] public KeyDateInput Input { get; set; } = new();

    public sealed class KeyDateInput
    {
        [Display(Name = "Kind")] public KeyDateKind Kind { get; set; } = KeyDateKind.ProjectDelivered;

        [Required(ErrorMessage = "Enter the date.")]
        [Display(Name = "Date")]
        public DateOnly? Date { get; set; }

        [StringLength(200, ErrorMessage = "Keep the label under 200 characters.")]
        [Display(Name = "Label")]
        public string? Label { get; set; }

        [Display(Name = "Contact")] public int? ContactId { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int clientId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(Db, clientId, ct) is { } refused) return refused;
        await LoadClientAsync(clientId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int clientId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(Db, clientId, ct) is { } refused) return refused;
        await LoadClientAsync(clientId, ct);
        Input.Label = TextInput.Clean(Input.Label);
        if (!Enum.IsDefined(Input.Kind)) ModelState.AddModelError("Input.Kind", t["Choose a kind of date."]);
        if (Input.ContactId is { } contactId && ContactOptions.All(c => c.Id != contactId))
            ModelState.AddModelError("Input.ContactId", t["Choose one of this client's contacts."]);
        if (Input.Kind == KeyDateKind.Custom && Input.Label is null)
            ModelState.AddModelError("Input.Label", t["Say what the date is about."]);
        if (!ModelState.IsValid) return Page();

        var keyDate = new KeyDate { ClientId = clientId, ContactId = Input.ContactId, Kind = Input.Kind, Date = Input.Date!.Value, Label = Input.Label };
        Db.KeyDates.Add(keyDate);
        await Db.SaveChangesAsync(ct);
        await audit.RecordNowAsync("keydate.added", nameof(KeyDate), keyDate.Id, $"client {clientId}");
        TempData["Flash"] = t["Key date added."].Value;
        return Redirect($"/Clients/{clientId}");
    }
}
