using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Managers;

/// <summary>Touchpoints logged per week, by one manager or by everyone, counted in the database.</summary>
public static class TouchActivity
{
    private sealed class RawRow
    {
        public int Week { get; set; }
        public string Direction { get; set; } = "";
        public string Outcome { get; set; } = "";
        public int Touches { get; set; }
    }

    /// <summary>
    /// One row per week of <paramref name="weeks"/>, oldest first, counting the touches logged by <paramref name="userId"/>
    /// (everyone's when null) on the days of that week up to today. The database groups by week, direction and outcome
    /// (at most weeks × 16 rows); <see cref="Touchpoint.ResultOf"/> then sorts each group into reached, no answer or other,
    /// so the chart and the cadence share one definition of "reached".
    /// </summary>
    public static async Task<IReadOnlyList<WeekTouches>> QueryAsync(CrmDbContext db, RecentWeeks weeks, string? userId,
        CancellationToken ct)
    {
        // {0} the first week's first day, {1} today, {2} the manager. Dates are text on SQLite and date on PostgreSQL:
        // the dialect counts the days between them.
        var week = db.Dialect.DaysBetween("{0}", "\"OccurredOn\"") + " / 7";
        var byUser = userId is null ? "" : " AND \"UserId\" = {2}";
        var sql = $"""
            SELECT {week} AS "Week", "Direction", "Outcome", CAST(COUNT(*) AS INTEGER) AS "Touches"
            FROM "Touchpoints"
            WHERE "OccurredOn" >= {"{0}"} AND "OccurredOn" <= {"{1}"}{byUser}
            GROUP BY 1, 2, 3
            """;
        object[] parameters = userId is null ? [weeks.FirstStart, weeks.Today] : [weeks.FirstStart, weeks.Today, userId];
        var rows = await db.Database.SqlQueryRaw<RawRow>(sql, parameters).ToListAsync(ct);

        var counts = new int[weeks.Count, 3];
        foreach (var row in rows)
        {
            if (row.Week < 0 || row.Week >= weeks.Count) continue;
            var result = Touchpoint.ResultOf(Enum.Parse<Direction>(row.Direction), Enum.Parse<TouchpointOutcome>(row.Outcome));
            counts[row.Week, (int)result] += row.Touches;
        }
        return Enumerable.Range(0, weeks.Count)
            .Select(i => new WeekTouches(weeks.Start(i), counts[i, (int)TouchResult.Reached], counts[i, (int)TouchResult.NoAnswer],
                counts[i, (int)TouchResult.Other]))
            .ToList();
    }
}
