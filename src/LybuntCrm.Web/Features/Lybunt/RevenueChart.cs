using System.Globalization;
using System.Net;
using System.Text;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;
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

    /// <summary>The last <paramref name="years"/> fiscal years up to the current one, oldest first.</summary>
    public static async Task<IReadOnlyList<FiscalYearRevenue>> QueryAsync(CrmDbContext db, DateOnly today, int startMonth, int years,
        CancellationToken ct)
    {
        var current = FiscalYear.Containing(today, startMonth);
        var first = current.StartYear - years + 1;
        var from = new FiscalYear(first - 1, startMonth).Start;
        // {0} fiscal start month, {1} from, {2} today. The fiscal year of a purchase and the first day of the fiscal year before
        // come from the provider's dialect: dates are text on SQLite and date on PostgreSQL.
        var fy = db.Dialect.FiscalYearOf("\"Date\"", "{0}");
        var yearBeforeStart = db.Dialect.FirstDayOf("cur.\"Fy\" - 1", "{0}");
        var sql = $$"""
            WITH cy AS MATERIALIZED (
                SELECT "ClientId", {{fy}} AS "Fy", SUM("Amount") AS "Amount"
                FROM "Purchases"
                WHERE "Status" = 'Completed' AND "Date" >= {1} AND "Date" <= {2}
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
        var rows = await db.Database.SqlQueryRaw<RawRow>(sql, startMonth, from, today).ToListAsync(ct);

        return Enumerable.Range(first, years).Select(y =>
        {
            var of = rows.Where(r => r.Year == y).ToList();
            return new FiscalYearRevenue(y, Money(of.Sum(r => r.Retained)), Money(of.Sum(r => r.Recovered)),
                Money(of.Sum(r => r.New)), Money(of.Sum(r => r.Lapsed)));
        }).ToList();
    }

    // Sums stay decimal all the way (numeric on PostgreSQL): a double keeps 15 significant digits, so a total of
    // 12,345,678,901,234.56 came back as ...234.60.
    private static decimal Money(decimal value) => Math.Round(value, 2);

    private const string RetainedColor = "#2f5bd3";
    private const string RecoveredColor = "#2e9d5b";
    private const string NewColor = "#9aa6c2";
    private const string LapsedColor = "#d64545";

    /// <summary>A self-contained SVG bar chart: per year a stacked bar (retained, recovered, new) and a lapsed bar beside it.
    /// Labels (fiscal years, amounts) come from <paramref name="format"/>, so they follow the reader's culture and digits;
    /// coordinates stay invariant.</summary>
    public static string Render(IReadOnlyList<FiscalYearRevenue> years, int startMonth, IStringLocalizer t, DisplayFormat format)
    {
        const int width = 760, height = 280, left = 70, right = 16, top = 40, bottom = 36;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var max = years.Select(y => Math.Max(y.Total, y.Lapsed)).DefaultIfEmpty(0).Max();
        var scaleMax = NiceCeiling(max);
        var s = new StringBuilder();
        string Esc(string text) => WebUtility.HtmlEncode(text);
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        s.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" ")
            .Append("role=\"img\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" font-size=\"12\">");
        s.Append("<title>").Append(Esc(t["Revenue by fiscal year: retained, recovered, new and lapsed"])).Append("</title>");

        // Legend.
        var legend = new[] { (RetainedColor, t["Retained"].Value), (RecoveredColor, t["Recovered"].Value), (NewColor, t["New"].Value), (LapsedColor, t["Lapsed"].Value) };
        var lx = left;
        foreach (var (color, label) in legend)
        {
            s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"10\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{color}\"/>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{lx + 18}\" y=\"20\" fill=\"#1d2433\">{Esc(label)}</text>");
            lx += 30 + label.Length * 7;
        }

        // Grid lines and axis labels.
        for (var i = 0; i <= 4; i++)
        {
            var value = scaleMax * i / 4;
            var y = top + plotH - (double)(scaleMax == 0 ? 0 : value / scaleMax) * plotH;
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#e3e7f0\"/>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{F(y + 4)}\" text-anchor=\"end\" fill=\"#6b7385\">{Esc(format.Compact(value))}</text>");
        }

        if (years.Count == 0 || max == 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW / 2}\" y=\"{top + plotH / 2}\" text-anchor=\"middle\" fill=\"#6b7385\">")
                .Append(Esc(t["No completed purchases in these years yet."])).Append("</text></svg>");
            return s.ToString();
        }

        var slot = (double)plotW / years.Count;
        var barW = Math.Min(40, slot * 0.32);
        double H(decimal v) => (double)(v / scaleMax) * plotH;
        foreach (var (year, index) in years.Select((y, i) => (y, i)))
        {
            var x = left + slot * index + slot / 2 - barW - 2;
            var baseY = (double)(top + plotH);
            foreach (var (value, color, label) in new[] { (year.Retained, RetainedColor, t["Retained"].Value), (year.Recovered, RecoveredColor, t["Recovered"].Value), (year.New, NewColor, t["New"].Value) })
            {
                if (value <= 0) continue;
                var h = H(value);
                baseY -= h;
                s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(baseY)}\" width=\"{F(barW)}\" height=\"{F(h)}\" fill=\"{color}\">")
                    .Append("<title>").Append(Esc($"{format.FiscalYear(new FiscalYear(year.Year, startMonth))} · {label}: {format.Amount(value, 0)}")).Append("</title></rect>");
            }
            if (year.Lapsed > 0)
            {
                var h = H(year.Lapsed);
                s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x + barW + 4)}\" y=\"{F(top + plotH - h)}\" width=\"{F(barW)}\" height=\"{F(h)}\" fill=\"{LapsedColor}\" fill-opacity=\"0.8\">")
                    .Append("<title>").Append(Esc($"{format.FiscalYear(new FiscalYear(year.Year, startMonth))} · {t["Lapsed"].Value}: {format.Amount(year.Lapsed, 0)}")).Append("</title></rect>");
            }
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left + slot * index + slot / 2)}\" y=\"{height - 14}\" text-anchor=\"middle\" fill=\"#1d2433\">")
                .Append(Esc(format.FiscalYear(new FiscalYear(year.Year, startMonth)))).Append("</text>");
        }
        s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{top + plotH}\" y2=\"{top + plotH}\" stroke=\"#9aa6c2\"/>");
        s.Append("</svg>");
        return s.ToString();
    }

    private static decimal NiceCeiling(decimal value)
    {
        if (value <= 0) return 0;
        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)value)));
        foreach (var step in new[] { 1m, 2m, 2.5m, 5m, 10m })
            if (step * magnitude >= value) return step * magnitude;
        return 10 * magnitude;
    }
}
