using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Infrastructure;
using LybuntPage = LybuntCrm.Web.Features.Lybunt.IndexModel;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// <c>/api/v1/lybunt</c> and <c>/api/v1/sybunt</c>: the LYBUNT (or SYBUNT) clients, most revenue at risk first, with the
/// count and revenue at risk of the whole list; the same list and cursor as the LYBUNT page.
/// </summary>
public static class LybuntApi
{
    public const int PageSize = LybuntPage.PageSize;

    public sealed record FlaggedClient(int Id, string Name, string? ExternalId, string OwnerId, ApiMoney LastYearTotal,
        DateOnly? LastPurchaseOn, DateOnly? FirstFlaggedOn);

    public sealed record FlaggedPage(string List, int Count, ApiMoney RevenueAtRisk, IReadOnlyList<FlaggedClient> Items, string? Next);

    public static RouteGroupBuilder MapLybuntApi(this RouteGroupBuilder api)
    {
        api.MapGet("/lybunt", ListAsync).WithName("ListLybunt");
        api.MapGet("/sybunt", (CrmDbContext db, ClaimsPrincipal user, HouseCurrency house, IClock clock, string? owner, string? after, CancellationToken ct) =>
            FlaggedAsync(db, user, house, clock, LybuntList.Sybunt, owner, after, ct)).WithName("ListSybunt");
        return api;
    }

    private static Task<IResult> ListAsync(CrmDbContext db, ClaimsPrincipal user, HouseCurrency house, IClock clock, string? list,
        string? owner, string? after, CancellationToken ct) =>
        FlaggedAsync(db, user, house, clock, LybuntLists.Parse(list), owner, after, ct);

    /// <summary>One list of the LYBUNT page (its rule, order and cursor) with the totals of the whole list.</summary>
    private static async Task<IResult> FlaggedAsync(CrmDbContext db, ClaimsPrincipal user, HouseCurrency house, IClock clock, LybuntList which,
        string? owner, string? after, CancellationToken ct)
    {
        var year = FiscalYear.Containing(clock.Today, await db.FiscalStartMonthAsync(ct));
        var clients = LybuntPage.Matching(db, which, owner, year).Visible(user);
        var totals = await clients.GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Revenue = g.Sum(c => c.LastYearTotal) }).FirstOrDefaultAsync(ct);

        if (LybuntPage.Cursor.TryParse(after, out var afterTotal, out var afterId))
            clients = clients.Where(c => c.LastYearTotal < afterTotal || (c.LastYearTotal == afterTotal && c.Id < afterId));
        var rows = await clients.OrderByDescending(c => c.LastYearTotal).ThenByDescending(c => c.Id).Take(PageSize + 1)
            .Select(c => new { c.Id, c.Name, c.ExternalId, c.OwnerId, c.LastYearTotal, c.LastPurchaseOn, c.FirstFlaggedOn })
            .ToListAsync(ct);
        string? next = null;
        if (rows.Count > PageSize)
        {
            rows.RemoveAt(PageSize);
            next = LybuntPage.Cursor.Format(rows[^1].LastYearTotal, rows[^1].Id);
        }
        var currency = house.Code;
        return TypedResults.Ok(new FlaggedPage(LybuntLists.Key(which), totals?.Count ?? 0, ApiMoney.Of(totals?.Revenue ?? 0, currency),
            rows.Select(c => new FlaggedClient(c.Id, c.Name, c.ExternalId, c.OwnerId, ApiMoney.Of(c.LastYearTotal, currency), c.LastPurchaseOn,
                c.FirstFlaggedOn)).ToList(), next));
    }
}
