using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Shared.Charts;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Lybunt;

/// <summary>
/// Revenue of a fiscal year Y (completed purchases, up to today for the current year), split by where it came from, plus what
/// was lost:
/// <list type="bullet">
/// <item><b>Retained</b>: Y revenue from clients who also bought in Y-1.</item>
/// <item><b>Recovered</b>: Y revenue from clients who did not buy in Y-1 but had bought before it (they had lapsed and came back).</item>
/// <item><b>New</b>: Y revenue from clients whose first purchase is in Y.</item>
/// <item><b>Lapsed</b>: Y-1 revenue from clients who bought in Y-1 and not (yet) in Y — for the current year this is exactly
/// the LYBUNT revenue at risk.</item>
/// </list>
/// Retained + recovered + new = the year's revenue; lapsed is drawn beside it as the revenue that did not come back.
/// </summary>
public sealed record FiscalYearRevenue(int Year, decimal Retained, decimal Recovered, decimal New, decimal Lapsed)
{
    public decimal Total => Retained + Recovered + New;
}

public static class RevenueChart
{
    private sealed class RawRow
    {
        public int Year { get; set; }
        public decimal Retained { get; set; }
        public decimal Recovered { get; set; }
        public decimal New { get; set; }
        public decimal Lapsed { get; set; }
    }

    /// <summary>
    /// The last <paramref name="years"/> fiscal years up to the current one, oldest first: of every client, or of the clients
    /// <paramref name="ownerId"/> owns now (their whole history, also from before they took them over).
    /// </summary>
    public static async Task<IReadOnlyList<FiscalYearRevenue>> QueryAsync(CrmDbContext db, DateOnly today, int startMonth, int years,
        string? ownerId, CancellationToken ct)
    {
        var current = FiscalYear.Containing(today, startMonth);
        var first = current.StartYear - years + 1;
        var from = new FiscalYear(first - 1, startMonth).Start;
        // {0} fiscal start month, {1} from, {2} today, {3} the owner. The fiscal year of a purchase and the first day of the fiscal year before
        // come from the provider's dialect: dates are text on SQLite and date on PostgreSQL.
        var fy = db.Dialect.FiscalYearOf("\"Date\"", "{0}");
        var yearBeforeStart = db.Dialect.FirstDayOf("cur.\"Fy\" - 1", "{0}");
        var byOwner = ownerId is null ? "" : " AND \"ClientId\" IN (SELECT \"Id\" FROM \"Clients\" WHERE \"OwnerId\" = {3})";
        var sql = $$"""
            WITH cy AS MATERIALIZED (
                SELECT "ClientId", {{fy}} AS "Fy", SUM("Amount") AS "Amount"
                FROM "Purchases"
                WHERE "Status" = 'Completed' AND "Date" >= {1} AND "Date" <= {2}{{byOwner}}
                GROUP BY "ClientId", "Fy"
            )
            SELECT cur."Fy" AS "Year",
                   COALESCE(SUM(CASE WHEN prev."ClientId" IS NOT NULL THEN cur."Amount" END), 0) AS "Retained",
                   COALESCE(SUM(CASE WHEN prev."ClientId" IS NULL AND c."FirstPurchaseOn" < {{yearBeforeStart}}
                                     THEN cur."Amount" END), 0) AS "Recovered",
                   COALESCE(SUM(CASE WHEN prev."ClientId" IS NULL AND (c."FirstPurchaseOn" IS NULL OR c."FirstPurchaseOn" >= {{yearBeforeStart}})
                                     THEN cur."Amount" END), 0) AS "New",
                   0.0 AS "Lapsed"
            FROM cy AS cur
            JOIN "Clients" AS c ON c."Id" = cur."ClientId"
            LEFT JOIN cy AS prev ON prev."ClientId" = cur."ClientId" AND prev."Fy" = cur."Fy" - 1
            GROUP BY cur."Fy"
            UNION ALL
            SELECT prev."Fy" + 1 AS "Year", 0.0, 0.0, 0.0, COALESCE(SUM(prev."Amount"), 0)
            FROM cy AS prev
            LEFT JOIN cy AS cur ON cur."ClientId" = prev."ClientId" AND cur."Fy" = prev."Fy" + 1
            WHERE cur."ClientId" IS NULL
            GROUP BY prev."Fy"
            """;
        object[] parameters = ownerId is null ? [startMonth, from, today] : [startMonth, from, today, ownerId];
        var rows = await db.Database.SqlQueryRaw<RawRow>(sql, parameters).ToListAsync(ct);

        return Enumerable.Range(first, years).Select(y =>
        {
            var of = rows.Where(r => r.Year == y).ToList();
            return new FiscalYearRevenue(y, Money(of.Sum(r => r.Retained)), Money(of.Sum(r => r.Recovered)),
                Money(of.Sum(r => r.New)), Money(of.Sum(r => r.Lapsed)));
        }).ToList();
    }

    /// <summary><see cref="QueryAsync"/> for six years, cached for ten minutes: it reads every purchase of those years.</summary>
    public static async Task<IReadOnlyList<FiscalYearRevenue>> CachedQueryAsync(CrmDbContext db, IMemoryCache cache, DateOnly today,
        int startMonth, string? ownerId, CancellationToken ct) =>
        await cache.GetOrCreateAsync(("lybunt-chart", today, startMonth, ownerId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            return QueryAsync(db, today, startMonth, 6, ownerId, ct);
        }) ?? [];

    // Sums stay decimal all the way (numeric on PostgreSQL): a double keeps 15 significant digits, so a total of
    // 12,345,678,901,234.56 came back as ...234.60.
    private static decimal Money(decimal value) => Math.Round(value, 2);

    /// <summary>The years as a bar chart: per fiscal year a bar of retained, recovered and new revenue and a bar of what lapsed.</summary>
    public static BarChart ToBarChart(IReadOnlyList<FiscalYearRevenue> years, int startMonth, IStringLocalizer t, DisplayFormat format)
    {
        ChartSeries[] series =
        [
            new(t["Retained"], "tone-blue"), new(t["Recovered"], "tone-green"), new(t["New"], "tone-grey"),
            new(t["Lapsed"], "tone-red", Stack: 1),
        ];
        var categories = years.Select(y =>
        {
            var label = format.FiscalYear(new FiscalYear(y.Year, startMonth));
            return new ChartCategory(label, label, [y.Retained, y.Recovered, y.New, y.Lapsed]);
        }).ToList();
        return new BarChart(t["Revenue by fiscal year: retained, recovered, new and lapsed"], t["Fiscal year"], t["Revenue"], series,
            categories, ChartValueKind.Amount, t["No completed purchases in these years yet."], "revenue-chart");
    }
}
