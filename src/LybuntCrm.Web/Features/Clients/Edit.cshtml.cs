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

namespace LybuntCrm.Web.Features.Clients;

/// <summary>Creates a client (no id) or edits one. Managers create clients for themselves and edit only their own.</summary>
public sealed class EditModel(CrmDbContext db, ClientForm form, IStringLocalizer<SharedResource> t, Duplicates.LikelyMatches likely) : PageModel
{
    [BindProperty] public ClientInput Input { get; set; } = new();

    /// <summary>Set once the user has seen the likely matches of a new client and creates it all the same.</summary>
    [BindProperty] public bool CreateAnyway { get; set; }

    /// <summary>Existing clients the new one looks like, shown before it is saved.</summary>
    public IReadOnlyList<Duplicates.LikelyMatches.Match> Matches { get; private set; } = [];
    public int? Id { get; private set; }
    public IReadOnlyList<IndexModel.OwnerOption> Owners { get; private set; } = [];
    public static readonly int[] CadencePresets = [90, 120, 180];

    public sealed class ClientInput
    {
        [Required(ErrorMessage = "Enter the client's name.")]
        [StringLength(200, ErrorMessage = "Keep the name under 200 characters.")]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Display(Name = "Status")] public ClientStatus Status { get; set; } = ClientStatus.Client;
        [Display(Name = "Lifecycle stage")] public LifecycleStage Stage { get; set; } = LifecycleStage.Purchased;
        [Display(Name = "Owner")] public string? OwnerId { get; set; }

        [Range(Client.MinCadenceDays, Client.MaxCadenceDays, ErrorMessage = "Choose a check-in cadence between 7 and 730 days.")]
        [Display(Name = "Check in every (days)")]
        public int CadenceDays { get; set; } = Client.DefaultCadenceDays;

        [Display(Name = "Preferred channel")] public Channel PreferredChannel { get; set; } = Channel.Email;
        [Display(Name = "Do not contact")] public bool DoNotContact { get; set; }

        [StringLength(500, ErrorMessage = "Keep the reason under 500 characters.")]
        [Display(Name = "Reason for not contacting")]
        public string? DoNotContactReason { get; set; }

        [StringLength(100, ErrorMessage = "Keep the external id under 100 characters.")]
        [Display(Name = "External id")]
        public string? ExternalId { get; set; }

        [StringLength(253, ErrorMessage = "Keep the email domain under 253 characters.")]
        [Display(Name = "Email domain")]
        public string? EmailDomain { get; set; }

        [Display(Name = "Referred by (client number)")]
        [Range(1, int.MaxValue, ErrorMessage = "Enter the number of the client who referred this one.")]
        public int? ReferredById { get; set; }

        [Range(0, 1_000_000_000, ErrorMessage = "Enter an amount of zero or more.")]
        [Display(Name = "Expected value")]
        public decimal? ExpectedValue { get; set; }

        [Range(0, 1_000_000_000, ErrorMessage = "Enter an amount of zero or more.")]
        [Display(Name = "Acquisition cost so far")]
        public decimal? AcquisitionCost { get; set; }

        // Measured after cleaning (TextInput.Lines): a browser posts each line break as two characters.
        [Display(Name = "Postal address")]
        public string? PostalAddress { get; set; }

        [StringLength(4000, ErrorMessage = "Keep the notes under 4,000 characters.")]
        [Display(Name = "Notes")]
        public string? Notes { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is { } clientId)
        {
            if (await this.RefuseChangeAsync(db, clientId, ct) is { } refused) return refused;
            var c = await db.Clients.AsNoTracking().FirstAsync(x => x.Id == clientId, ct);
            Id = clientId;
            Input = new ClientInput
            {
                Name = c.Name,
                Status = c.Status,
                Stage = c.Stage,
                OwnerId = c.OwnerId,
                CadenceDays = c.CadenceDays,
                PreferredChannel = c.PreferredChannel,
                DoNotContact = c.DoNotContact,
                DoNotContactReason = c.DoNotContactReason,
                ExternalId = c.ExternalId,
                EmailDomain = c.EmailDomain is null ? null : EmailAddresses.UnicodeDomain(c.EmailDomain),
                ReferredById = c.ReferredById,
                ExpectedValue = c.ExpectedValue,
                AcquisitionCost = c.AcquisitionCost,
                PostalAddress = c.PostalAddress,
                Notes = c.Notes,
            };
        }
        else
        {
            Input.OwnerId = User.Id();
        }
        await LoadOwnersAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        Id = id;
        Client? client = null;
        if (id is { } clientId)
        {
            if (await this.RefuseChangeAsync(db, clientId, ct) is { } refused) return refused;
            client = await db.Clients.FirstAsync(c => c.Id == clientId, ct);
        }

        var check = await form.CheckAsync(Input, client, User, (field, message) => ModelState.AddModelError("Input." + field, message), ct);
        if (!ModelState.IsValid)
        {
            await LoadOwnersAsync(ct);
            return Page();
        }

        var isNew = client is null;
        if (isNew && !CreateAnyway)
        {
            // One client, one record: a new client that looks like an existing one is shown beside it first.
            Matches = await likely.ForNewClientAsync(Input.Name, check.EmailDomain, ct);
            if (Matches.Count > 0)
            {
                await LoadOwnersAsync(ct);
                return Page();
            }
        }
        var saved = await form.SaveAsync(client, Input, check, User.Id(), null, ct);
        if (saved is null)
        {
            ModelState.AddModelError("Input.ExternalId", form.ExternalIdTaken(Input.ExternalId!));
            await LoadOwnersAsync(ct);
            return Page();
        }

        TempData["Flash"] = isNew ? t["Client created."].Value : t["Changes saved."].Value;
        return Redirect($"/Clients/{saved.Id}");
    }

    private async Task LoadOwnersAsync(CancellationToken ct)
    {
        var current = Input.OwnerId;
        Owners = await db.Users.AsNoTracking().Where(u => u.IsActive || u.Id == current).OrderBy(u => u.DisplayName)
            .Select(u => new IndexModel.OwnerOption(u.Id, u.DisplayName)).ToListAsync(ct);
    }
}
