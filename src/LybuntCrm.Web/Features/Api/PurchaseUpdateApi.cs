using System.Globalization;
using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// <c>GET</c> and <c>PATCH /api/v1/purchases/{id}</c>: one purchase with its <c>ETag</c>, and a correction of its date,
/// amount, currency or reference with the purchase form's rules, behind a matching <c>If-Match</c>. The change goes
/// through <see cref="ClientChanges"/>, so the client's LYBUNT flag and check-in follow at once.
/// </summary>
public static class PurchaseUpdateApi
{
    /// <summary>The fields a correction may change; a field left out keeps its value, an empty reference clears it.</summary>
    public sealed record PurchaseChange(DateOnly? Date, string? Amount, string? Currency, string? Reference);

    public static RouteGroupBuilder MapPurchaseUpdateApi(this RouteGroupBuilder api)
    {
        api.MapGet("/purchases/{id:int}", GetAsync).WithName("GetPurchase");
        api.MapPatch("/purchases/{id:int}", UpdateAsync).WithName("UpdatePurchase").RequireAuthorization(ApiSetup.WritePolicy);
        return api;
    }

    private static IQueryable<Purchase> Visible(CrmDbContext db, ClaimsPrincipal user, int id) =>
        db.Purchases.Where(p => p.Id == id && db.Clients.Visible(user).Any(c => c.Id == p.ClientId));

    private static IResult PurchaseNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No purchase with this id.");

    private static async Task<IResult> GetAsync(int id, CrmDbContext db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var purchase = await Visible(db, user, id).AsNoTracking().FirstOrDefaultAsync(ct);
        if (purchase is null) return PurchaseNotFound();
        var view = PurchasesApi.View(purchase);
        http.Response.Headers.ETag = ApiETag.Of(view);
        return TypedResults.Ok(view);
    }

    private static async Task<IResult> UpdateAsync(int id, PurchaseChange change, CrmDbContext db, ClaimsPrincipal user, HttpContext http, IClock clock,
        Audit audit, ClientChanges changes, IStringLocalizer<SharedResource> t, DisplayFormat f, CancellationToken ct)
    {
        var purchase = await Visible(db, user, id).FirstOrDefaultAsync(ct);
        if (purchase is null) return PurchaseNotFound();
        if (ApiETag.Refuse(http.Request, ApiETag.Of(PurchasesApi.View(purchase)), "purchase") is { } refused) return refused;

        // The whole purchase as it will be, checked as the purchase form checks a new one.
        var merged = new PurchasesApi.PurchaseInput(change.Date ?? purchase.Date,
            change.Amount ?? purchase.Amount.ToString(CultureInfo.InvariantCulture), change.Currency ?? purchase.Currency,
            change.Reference ?? purchase.Reference);
        var form = PurchasesApi.FormInput(merged, clock.Today, t, f, out var errors);
        if (errors.Any) return errors.ToProblem();

        await db.InTransactionAsync(async () =>
        {
            purchase.Date = form.Date!.Value;
            purchase.Amount = Math.Round(form.Amount!.Value, 2);
            purchase.Currency = form.Currency.ToUpperInvariant();
            purchase.Reference = form.Reference;
            audit.Record("purchase.updated", nameof(Purchase), purchase.Id, $"client {purchase.ClientId}, api");
            await db.SaveChangesAsync(ct);
            await changes.PurchasesChangedAsync([purchase.ClientId], ct);
        }, ct);

        var view = PurchasesApi.View(purchase);
        http.Response.Headers.ETag = ApiETag.Of(view);
        return TypedResults.Ok(view);
    }
}
