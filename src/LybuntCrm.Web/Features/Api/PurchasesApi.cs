using System.Globalization;
using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

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
        IClock clock, Audit audit, ClientChanges changes, ApiIdempotency idempotency, IStringLocalizer<SharedResource> t, DisplayFormat f,
        CancellationToken ct)
    {
        if (!await db.SeesClientAsync(user, clientId, ct)) return ApiProblems.ClientNotFound();

        var form = FormInput(input, clock.Today, t, f, out var errors);
        if (errors.Any) return errors.ToProblem();
        var amount = form.Amount!.Value;
        var reference = form.Reference;

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
                Currency = form.Currency.ToUpperInvariant(),
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

    /// <summary>
    /// The purchase form's input from the API's fields, checked by the form's attributes and rules with its messages.
    /// </summary>
    public static PurchaseModel.PurchaseInput FormInput(PurchaseInput input, DateOnly today, IStringLocalizer<SharedResource> t, DisplayFormat f,
        out ApiFieldErrors errors)
    {
        errors = new ApiFieldErrors(t);
        decimal? amount = null;
        if (decimal.TryParse(input.Amount, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            amount = parsed;
        else if (!string.IsNullOrWhiteSpace(input.Amount)) errors.Add(nameof(input.Amount), t["Enter the amount."]);
        var form = new PurchaseModel.PurchaseInput
        {
            Date = input.Date,
            Amount = amount,
            Currency = input.Currency ?? "",
            Reference = TextInput.Clean(input.Reference),
        };
        errors.CheckAttributes(form);
        PurchaseModel.CheckRules(form, today, t, f, errors.Add);
        return form;
    }

    public static PurchaseView View(Purchase p) =>
        new(p.Id, p.ClientId, p.Date, ApiMoney.Of(p.Amount, p.Currency), p.Reference, p.Status.ToString(), p.CreatedAtUtc);
}
