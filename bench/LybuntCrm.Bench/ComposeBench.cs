using System.Diagnostics;
using System.Globalization;
using System.Net;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Bench;

/// <summary>
/// The composer page at size: <c>compose [--clients 100000] [--managers 20] [--touchpoints 1000000] [--connections 4]
/// [--seconds 15] [--dir DIR] [--reuse]</c>. Builds (or reuses) the Today benchmark's database and plan, then starts the
/// web app and measures GET /Clients/{id}/Write?followUp=… as each manager opens it from their own Today items: the
/// draft is rendered from the template with the client's real values on every request.
/// </summary>
public static class ComposeBench
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    public static async Task<int> RunAsync(string[] args)
    {
        string? Opt(string name) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => int.TryParse(Opt(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;
        var managers = Int("managers", 20);
        var connections = Int("connections", 4);
        var seconds = Int("seconds", 15);
        var dir = Opt("dir") ?? Path.Combine(Path.GetTempPath(), "lybunt-compose-bench");
        // The Today benchmark makes the database and the plan; its page and touch measurements are not needed here.
        var today = new List<string>(args.Where(a => a != "--connections" && a != "--seconds")) { "--dir", dir, "--no-page", "--touches", "1" };
        if (await TodayBench.RunAsync([.. today]) != 0) return 1;

        var options = new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite($"Data Source={Path.Combine(dir, "lybunt.db")}").Options;
        Dictionary<string, List<string>> paths;
        await using (var db = new SqliteCrmDbContext(options))
        {
            var items = await db.FollowUps.AsNoTracking()
                .Where(f => f.Status == FollowUpStatus.Open && f.PlannedOn <= Today)
                .Select(f => new { f.AssigneeId, f.ClientId, f.Id }).ToListAsync();
            paths = items.GroupBy(i => i.AssigneeId).ToDictionary(g => g.Key,
                g => g.Select(i => $"/Clients/{i.ClientId}/Write?followUp={i.Id}&back=today").ToList());
        }
        Console.WriteLine($"composer pages: {paths.Sum(p => p.Value.Count):N0} Today items of {paths.Count} managers");

        var port = 5900 + Random.Shared.Next(300);
        var url = $"http://127.0.0.1:{port}";
        using var app = TodayBench.StartApp(dir, url);
        try
        {
            var sessions = new List<(HttpClient Http, List<string> Paths)>();
            for (var i = 0; i < connections; i++)
            {
                var manager = $"user-{i % managers}";
                var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
                { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
                await TodayBench.WaitAndSignInAsync(http, $"manager{i % managers}@example.com");
                sessions.Add((http, paths.GetValueOrDefault(manager) ?? []));
            }
            // /health first, the same way: a baseline for how busy the machine is.
            var health = sessions.Select(s => (s.Http, new List<string> { "/health" })).ToList();
            foreach (var (name, load) in new[] { ("/health", health), ("/Clients/{id}/Write?followUp=…", sessions) })
            {
                await LoadAsync(load, TimeSpan.FromSeconds(3)); // warm-up
                var (count, errors, latencies) = await LoadAsync(load, TimeSpan.FromSeconds(seconds));
                latencies.Sort();
                double P(double q) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
                Console.WriteLine($"GET {name}, {connections} connections, {seconds} s: {count:N0} requests, " +
                    $"{count / (double)seconds:F0} req/s, p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, errors {errors}");
            }
            foreach (var (http, _) in sessions) http.Dispose();
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
        return 0;
    }

    /// <summary>Each connection opens its manager's Today items in turn, for <paramref name="duration"/>.</summary>
    private static async Task<(int Count, int Errors, List<double> Latencies)> LoadAsync(List<(HttpClient Http, List<string> Paths)> sessions,
        TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var results = await Task.WhenAll(sessions.Where(s => s.Paths.Count > 0).Select(async session =>
        {
            var latencies = new List<double>();
            var errors = 0;
            for (var i = 0; Stopwatch.GetTimestamp() < until; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await session.Http.GetAsync(session.Paths[i % session.Paths.Count], HttpCompletionOption.ResponseContentRead);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK) errors++;
            }
            return (latencies, errors);
        }));
        return (results.Sum(r => r.latencies.Count), results.Sum(r => r.errors), results.SelectMany(r => r.latencies).ToList());
    }
}
