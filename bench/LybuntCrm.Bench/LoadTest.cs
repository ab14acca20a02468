using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace LybuntCrm.Bench;

/// <summary>
/// A small closed-loop load generator: N connections each send the next request as soon as the previous answer has been
/// read. Signs in first (cookie, or a bearer token for the API), then measures each path on its own for the given time.
/// </summary>
internal static partial class LoadTest
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task RunAsync(string url, int connections, int seconds, int warmup, string email, string password, IReadOnlyList<string> paths,
        string? bearerToken = null)
    {
        if (paths.Count == 0) throw new ArgumentException("--paths needs at least one path.");
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        // The API answers personal access tokens only; pages need the sign-in cookie. /health answers either.
        if (bearerToken is null) await SignInAsync(http, email, password);
        else http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);

        Console.WriteLine($"{connections} connections, {seconds} s per path, {warmup} s warm-up; {url}");
        Console.WriteLine($"{"path",-44} {"requests",9} {"req/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"errors",7}");
        var results = new List<(string Path, double Rps)>();
        foreach (var path in paths)
        {
            if (warmup > 0) await MeasureAsync(http, path, connections, TimeSpan.FromSeconds(warmup));
            var r = await MeasureAsync(http, path, connections, TimeSpan.FromSeconds(seconds));
            results.Add((path, r.Rps));
            Console.WriteLine($"{Shorten(path),-44} {r.Count,9} {r.Rps,9:F0} {r.P50,8:F1} {r.P95,8:F1} {r.P99,8:F1} {r.Errors,7}");
        }
        var trivial = results.FirstOrDefault(r => r.Path == "/health");
        if (trivial.Rps > 0)
        {
            Console.WriteLine();
            foreach (var (path, rps) in results.Where(r => r.Path != "/health"))
                Console.WriteLine($"{Shorten(path),-44} {rps / trivial.Rps,8:P0} of /health req/s");
        }
    }

    private static string Shorten(string path) => path.Length <= 44 ? path : path[..41] + "...";

    private static async Task SignInAsync(HttpClient http, string email, string password)
    {
        var form = await http.GetStringAsync("/Account/Login");
        var token = TokenPattern().Match(form) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("The login page has no antiforgery token.");
        using var response = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in as {email} failed ({(int)response.StatusCode}).");
    }

    private sealed record Result(int Count, double Rps, double P50, double P95, double P99, int Errors);

    private static async Task<Result> MeasureAsync(HttpClient http, string path, int connections, TimeSpan duration)
    {
        var latencies = new List<double>[connections];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = new List<double>(100_000);
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                mine.Add(elapsed);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).OrderBy(x => x).ToArray();
        double Pct(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
        return new Result(all.Length, all.Length / seconds, Pct(0.50), Pct(0.95), Pct(0.99), errors);
    }
}
