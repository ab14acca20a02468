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
public sealed class EditModel(CrmDbContext db, IClock clock, Audit audit, ClientChanges changes, IStringLocalizer<SharedResource> t, DisplayFormat f,
    Duplicates.LikelyMatches likely) : PageModel
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

        Input.Name = TextInput.Clean(Input.Name) ?? "";
        Input.ExternalId = TextInput.Clean(Input.ExternalId);
        Input.DoNotContactReason = TextInput.Clean(Input.DoNotContactReason);
        Input.Notes = TextInput.Clean(Input.Notes, multiline: true);
        Input.PostalAddress = TextInput.Lines(Input.PostalAddress);
        if (Input.PostalAddress is { Length: > Client.PostalAddressMaxLength })
            ModelState.AddModelError("Input.PostalAddress", t["Keep the postal address under 500 characters."]);
        if (Input.Name.Length == 0) ModelState.AddModelError("Input.Name", t["Enter the client's name."]);

        // Owner: admins choose anyone active for a new client; managers create for themselves. An existing client
        // changes hands only through a transfer with a hand-off note.
        var ownerId = client?.OwnerId ?? (User.IsAdmin() && !string.IsNullOrEmpty(Input.OwnerId) ? Input.OwnerId : User.Id());
        if (User.IsAdmin() && !await db.Users.AnyAsync(u => u.Id == ownerId && (u.IsActive || (client != null && client.OwnerId == ownerId)), ct))
            ModelState.AddModelError("Input.OwnerId", t["Choose an active user as owner."]);

        if (Input.DoNotContact && Input.DoNotContactReason is null)
            ModelState.AddModelError("Input.DoNotContactReason", t["Say why this client must not be contacted."]);
        if (Input.ExternalId is { } ext && await db.Clients.AnyAsync(c => c.ExternalId == ext && c.Id != (id ?? 0), ct))
            ModelState.AddModelError("Input.ExternalId", t["Another client already has the external id {0}.", ext]);
        if (Input.ReferredById is { } referrer)
        {
            if (referrer == id) ModelState.AddModelError("Input.ReferredById", t["A client cannot refer itself."]);
            else if (!await db.Clients.AnyAsync(c => c.Id == referrer, ct))
                ModelState.AddModelError("Input.ReferredById", t["There is no client number {0}.", f.Id(referrer)]);
        }
        var emailDomain = ValidateEmailDomain();
        if (!Enum.IsDefined(Input.Status)) ModelState.AddModelError("Input.Status", t["Choose a status."]);
        if (!Enum.IsDefined(Input.Stage)) ModelState.AddModelError("Input.Stage", t["Choose a lifecycle stage."]);
        if (!Enum.IsDefined(Input.PreferredChannel)) ModelState.AddModelError("Input.PreferredChannel", t["Choose a channel."]);

        if (!ModelState.IsValid)
        {
            await LoadOwnersAsync(ct);
            return Page();
        }

        var isNew = client is null;
        if (isNew && !CreateAnyway)
        {
            // One client, one record: a new client that looks like an existing one is shown beside it first.
            Matches = await likely.ForNewClientAsync(Input.Name, emailDomain, ct);
            if (Matches.Count > 0)
            {
                await LoadOwnersAsync(ct);
                return Page();
            }
        }
        if (client is null)
        {
            client = new Client { CreatedOn = clock.Today, CreatedAtUtc = clock.UtcNow };
            db.Clients.Add(client);
        }
        client.Name = Input.Name;
        client.Status = Input.Status;
        if (client.Id == 0) client.Stage = Input.Stage;
        else Lifecycle.ChangeStage(db, client, Input.Stage, User.Id(), clock.UtcNow);
        client.OwnerId = ownerId;
        client.CadenceDays = Input.CadenceDays;
        client.PreferredChannel = Input.PreferredChannel;
        client.DoNotContact = Input.DoNotContact;
        client.DoNotContactReason = Input.DoNotContact ? Input.DoNotContactReason : null;
        client.ExternalId = Input.ExternalId;
        client.EmailDomain = emailDomain;
        client.ReferredById = Input.ReferredById;
        client.ExpectedValue = Input.ExpectedValue;
        client.AcquisitionCost = Input.AcquisitionCost;
        client.PostalAddress = Input.PostalAddress;
        client.Notes = Input.Notes;
        if (client.Status == ClientStatus.LetGo) client.LetGoOn ??= clock.Today;
        else client.LetGoOn = null;

        client.SearchText = await ClientAccess.SearchTextAsync(db, isNew ? null : client.Id, client.Name, client.ExternalId, ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (Input.ExternalId is not null)
        {
            // Someone else took the external id between the check and the save (the only unique column here).
            db.ChangeTracker.Clear();
            ModelState.AddModelError("Input.ExternalId", t["Another client already has the external id {0}.", Input.ExternalId]);
            await LoadOwnersAsync(ct);
            return Page();
        }

        audit.Record(isNew ? "client.created" : "client.updated", nameof(Client), client.Id);
        await db.SaveChangesAsync(ct);
        await (isNew ? changes.ClientCreatedAsync(client.Id, ct) : changes.ClientEditedAsync(client.Id, ct));
        await tx.CommitAsync(ct);

        TempData["Flash"] = isNew ? t["Client created."].Value : t["Changes saved."].Value;
        return Redirect($"/Clients/{client.Id}");
    }

    /// <summary>
    /// The client's email domain in the form mailbox sync compares (ASCII, lower case), or null. A free-mail domain is
    /// refused: anyone has an address there, so every stranger's mail would land on this client.
    /// </summary>
    private string? ValidateEmailDomain()
    {
        Input.EmailDomain = TextInput.Clean(Input.EmailDomain);
        if (Input.EmailDomain is not { } typed) return null;
        var domain = EmailAddresses.NormalizeDomain(typed);
        if (domain is null)
            ModelState.AddModelError("Input.EmailDomain", t["Enter a domain such as example.vn: the part of the address after @."]);
        else if (EmailAddresses.IsFreeMail(domain))
            ModelState.AddModelError("Input.EmailDomain", t["{0} is a free-mail domain that anyone can use, so it cannot tell this client's mail apart. Add the people who write from it as contacts instead.", Bidi.Isolate(EmailAddresses.UnicodeDomain(domain))]);
        else return domain;
        return null;
    }

    private async Task LoadOwnersAsync(CancellationToken ct)
    {
        var current = Input.OwnerId;
        Owners = await db.Users.AsNoTracking().Where(u => u.IsActive || u.Id == current).OrderBy(u => u.DisplayName)
            .Select(u => new IndexModel.OwnerOption(u.Id, u.DisplayName)).ToListAsync(ct);
    }
}
