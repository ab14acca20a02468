using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// <c>/api/v1/clients/{id}/purchases</c>: the way a shop reports orders. A purchase with a reference the client already has
/// is not recorded twice: the first is answered with 200. Every purchase goes through <see cref="ClientChanges"/>, so a
/// LYBUNT client is unflagged and its check-in moves at once.
/// </summary>
public static class PurchasesApi
{
    public sealed record PurchaseInput(DateOnly? Date, string? Amount, string? Currency, string? Reference);

    public sealed record PurchaseView(int Id, int ClientId, DateOnly Date, ApiMoney Amount, string? Reference, string Status, DateTime CreatedAt);

    public static RouteGroupBuilder MapPurchasesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/clients/{clientId:int}/purchases", CreateAsync).WithName("CreatePurchase").RequireAuthorization(ApiSetup.WritePolicy);
        api.MapPost("/clients/{clientId:int}/purchases/{id:int}/cancel", CancelAsync).WithName("CancelPurchase").RequireAuthorization(ApiSetup.WritePolicy);
        return api;
    }

    private static async Task<IResult> CreateAsync(int clientId, PurchaseInput input, CrmDbContext db, ClaimsPrincipal user, HttpContext http,
        IClock clock, Audit audit, ClientChanges changes, ApiIdempotency idempotency, CancellationToken ct)
    {
        if (!await db.SeesClientAsync(user, clientId, ct)) return ApiProblems.ClientNotFound();

        // The purchase form's rules and messages.
        var errors = new Dictionary<string, string[]>();
        if (input.Date is null) errors["date"] = ["Enter the date of the purchase."];
        else if (input.Date > clock.Today) errors["date"] = ["A purchase cannot be in the future."];
        if (!decimal.TryParse(input.Amount, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var amount))
            errors["amount"] = ["Enter the amount."];
        else if (amount <= 0) errors["amount"] = ["Enter an amount greater than zero."];
        else if (amount > PurchaseModel.MaxAmount) errors["amount"] = ["Enter an amount of at most 1,000,000,000."];
        if (input.Currency is null || !System.Text.RegularExpressions.Regex.IsMatch(input.Currency, "^[A-Za-z]{3}$"))
            errors["currency"] = ["Enter a three-letter currency code, such as USD."];
        var reference = TextInput.Clean(input.Reference);
        if (reference is { Length: > 100 }) errors["reference"] = ["Keep the reference under 100 characters."];
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        return await idempotency.RunAsync(http, new { clientId, input }, async () =>
        {
            if (reference is not null)
            {
                var existing = await db.Purchases.AsNoTracking().Where(p => p.ClientId == clientId && p.Reference == reference)
                    .OrderBy(p => p.Id).FirstOrDefaultAsync(ct);
                if (existing is not null) return new ApiIdempotency.Answer(StatusCodes.Status200OK, View(existing), null);
            }
            var purchase = new Purchase
            {
                ClientId = clientId,
                Date = input.Date!.Value,
                Amount = Math.Round(amount, 2),
                Currency = input.Currency!.ToUpperInvariant(),
                Reference = reference,
                Status = PurchaseStatus.Completed,
                CreatedAtUtc = clock.UtcNow,
            };
            db.Purchases.Add(purchase);
            await db.SaveChangesAsync(ct);
            audit.Record("purchase.added", nameof(Purchase), purchase.Id, $"client {clientId}, api");
            await db.SaveChangesAsync(ct);
            await changes.PurchaseRecordedAsync(purchase, ct);
            return new ApiIdempotency.Answer(StatusCodes.Status201Created, View(purchase), $"/api/v1/clients/{clientId}/purchases/{purchase.Id}");
        }, ct);
    }

    private static async Task<IResult> CancelAsync(int clientId, int id, CrmDbContext db, ClaimsPrincipal user, Audit audit, ClientChanges changes, CancellationToken ct)
    {
        if (!await db.SeesClientAsync(user, clientId, ct)) return ApiProblems.ClientNotFound();
        var purchase = await db.Purchases.FirstOrDefaultAsync(p => p.Id == id && p.ClientId == clientId, ct);
        if (purchase is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "This client has no purchase with this id.");
        if (purchase.Status != PurchaseStatus.Cancelled)
        {
            await db.InTransactionAsync(async () =>
            {
                purchase.Status = PurchaseStatus.Cancelled;
                audit.Record("purchase.cancelled", nameof(Purchase), purchase.Id, $"client {clientId}, api");
                await db.SaveChangesAsync(ct);
                await changes.PurchasesChangedAsync([clientId], ct);
            }, ct);
        }
        return TypedResults.Ok(View(purchase));
    }

    private static PurchaseView View(Purchase p) =>
        new(p.Id, p.ClientId, p.Date, ApiMoney.Of(p.Amount, p.Currency), p.Reference, p.Status.ToString(), p.CreatedAtUtc);
}
