using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>Records a purchase (an invoice) for a client.</summary>
public sealed class PurchaseModel(CrmDbContext db, IClock clock, Audit audit, ClientChanges changes, IStringLocalizer<SharedResource> t, DisplayFormat f,
    HouseCurrency houseCurrency) : ClientChildPage(db)
{
    /// <summary>The largest amount one purchase may hold; a larger one is almost always a typing slip.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    [BindProperty] public PurchaseInput Input { get; set; } = new();
    public DateOnly Today => clock.Today;

    public sealed class PurchaseInput
    {
        [Required(ErrorMessage = "Enter the date of the purchase.")]
        [Display(Name = "Date")]
        public DateOnly? Date { get; set; }

        [Required(ErrorMessage = "Enter the amount.")]
        [Range(0.01, double.MaxValue, ErrorMessage = "Enter an amount greater than zero.")]
        [Display(Name = "Amount")]
        public decimal? Amount { get; set; }

        [Required(ErrorMessage = "Enter a three-letter currency code, such as USD.")]
        [RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "Enter a three-letter currency code, such as USD.")]
        [Display(Name = "Currency")]
        public string Currency { get; set; } = "USD";

        [StringLength(100, ErrorMessage = "Keep the reference under 100 characters.")]
        [Display(Name = "Reference (invoice number)")]
        public string? Reference { get; set; }

        [Display(Name = "Status")] public PurchaseStatus Status { get; set; } = PurchaseStatus.Completed;
    }

    /// <summary>The rules beyond the input's attributes, shared with the API; each error names the input's property.</summary>
    public static void CheckRules(PurchaseInput input, DateOnly today, IStringLocalizer<SharedResource> t, DisplayFormat f, Action<string, string> error)
    {
        if (input.Date > today) error(nameof(input.Date), t["A purchase cannot be in the future."]);
        if (input.Amount > MaxAmount) error(nameof(input.Amount), t["Enter an amount of at most {0}.", f.Amount(MaxAmount, 0)]);
        if (!Enum.IsDefined(input.Status)) error(nameof(input.Status), t["Choose a status."]);
    }

    public async Task<IActionResult> OnGetAsync(int clientId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(Db, clientId, ct) is { } refused) return refused;
        await LoadClientAsync(clientId, ct);
        Input.Date = clock.Today;
        // The client's last currency, else the firm's.
        Input.Currency = await Db.Purchases.AsNoTracking().Where(p => p.ClientId == clientId).OrderByDescending(p => p.Id)
            .Select(p => p.Currency).FirstOrDefaultAsync(ct) ?? houseCurrency.Code ?? "USD";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int clientId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(Db, clientId, ct) is { } refused) return refused;
        await LoadClientAsync(clientId, ct);
        CheckRules(Input, clock.Today, t, f, (field, message) => ModelState.AddModelError("Input." + field, message));
        if (!ModelState.IsValid) return Page();

        var purchase = new Purchase
        {
            ClientId = clientId,
            Date = Input.Date!.Value,
            Amount = Math.Round(Input.Amount!.Value, 2),
            Currency = Input.Currency.ToUpperInvariant(),
            Reference = TextInput.Clean(Input.Reference),
            Status = Input.Status,
            CreatedAtUtc = clock.UtcNow,
        };
        await Db.InTransactionAsync(async () =>
        {
            Db.Purchases.Add(purchase);
            await Db.SaveChangesAsync(ct);
            audit.Record("purchase.added", nameof(Purchase), purchase.Id, $"client {clientId}");
            await Db.SaveChangesAsync(ct);
            await changes.PurchaseRecordedAsync(purchase, ct);
        }, ct);

        TempData["Flash"] = t["Purchase recorded."].Value;
        return Redirect($"/Clients/{clientId}");
    }
}
