using System.Diagnostics;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients;
using LybuntCrm.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Bench;

/// <summary>Prints the SQL of the client list query and SQLite's plan for it, and times it once warm.</summary>
internal static class Explain
{
    public static async Task RunAsync(string file, string? search, ClientSort sort, string? after)
    {
        var options = new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite(new SqliteConnectionStringBuilder { DataSource = file }.ToString()).Options;
        await using var db = new SqliteCrmDbContext(options);
        var query = new ClientListQuery(search, null, null, null, sort, after, null);
        var filtered = ClientList.Filtered(db, query);
        var plan = await ClientSearchIndex.PlanAsync(db, search, ClientList.CountCap, CancellationToken.None);
        Console.WriteLine($"-- {(plan.Ids is null ? "no id list: index query or LIKE" : $"{plan.Ids.Count} ids from the index")}");
        if (plan.IsBroad && sort == ClientSort.Name && after is null)
        {
            // A broad search in name order reads the index a window of name buckets at a time: the first window.
            var window = await plan.NextWindowAsync(db, 0, forward: true, probe: 2 * (ClientList.DefaultPageSize + 1), CancellationToken.None);
            Console.WriteLine($"-- first window of name buckets: {window}");
            if (window is { } w)
                Console.WriteLine(plan.ApplyInWindow(db, filtered, w).OrderBy(c => c.Name).ThenBy(c => c.Id).Take(26).ToQueryString() + "\n");
        }
        else
        {
            Console.WriteLine(plan.Apply(db, filtered).OrderBy(c => c.Name).ThenBy(c => c.Id).Take(26).ToQueryString() + "\n");
        }
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            var page = await ClientList.LoadAsync(db, query, CancellationToken.None);
            Console.WriteLine($"LoadAsync: {page.Rows.Count} rows, count {page.CappedCount}, {watch.Elapsed.TotalMilliseconds:F1} ms");
        }
        _ = RetentionFlag.None;
    }
}
