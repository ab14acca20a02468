using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace LybuntCrm.Bench;

/// <summary>
/// Orders reported by a shop: <c>api-purchases --url URL --token API_TOKEN [--purchases 1000] [--concurrency 8]
/// [--clients 100000] [--seed 7]</c>. Posts purchases for random clients (ids 1..clients) from several concurrent
/// callers, each with its own reference and Idempotency-Key, against a running app (start it with
/// <c>Api__RequestsPerMinute</c> above the count so the per-token limit does not take part), then posts every tenth one
/// again under another key to check that the shop's repeat of a reference records nothing new. Prints purchases per second and the latency percentiles.
/// </summary>
internal static class ApiPurchasesBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var url = options.Required("url");
        var count = options.Int("purchases", 1000);
        var concurrency = options.Int("concurrency", 8);
        var clients = options.Int("clients", 100_000);
        var random = new Random(options.Int("seed", 7));
        var run = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var orders = Enumerable.Range(1, count)
            .Select(i => (ClientId: random.Next(1, clients + 1), Reference: $"SHOP-{run}-{i:D5}", Amount: (random.Next(1_000, 500_000) / 100m).ToString(CultureInfo.InvariantCulture)))
            .ToArray();

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Required("token"));

        var latencies = new double[count];
        var statuses = new HttpStatusCode[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var start = Stopwatch.GetTimestamp();
                statuses[i] = await PostAsync(http, orders[i], orders[i].Reference);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;

        var repeats = orders.Where((_, i) => i % 10 == 0).ToArray();
        var repeatStatuses = await Task.WhenAll(repeats.Select(order => PostAsync(http, order, order.Reference + "-again")));

        var sorted = latencies.Order().ToArray();
        double Pct(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        var created = statuses.Count(s => s == HttpStatusCode.Created);
        Console.WriteLine($"{count} purchases from {concurrency} callers in {seconds:F2} s: {count / seconds:F0} purchases/s; "
            + $"p50 {Pct(0.50):F1} ms, p95 {Pct(0.95):F1} ms, p99 {Pct(0.99):F1} ms");
        Console.WriteLine($"answers: {string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{(int)g.Key} x{g.Count()}"))}; "
            + $"repeats of {repeats.Length}: {string.Join(", ", repeatStatuses.GroupBy(s => s).Select(g => $"{(int)g.Key} x{g.Count()}"))}");
        return created == count && repeatStatuses.All(s => s == HttpStatusCode.OK) ? 0 : 1;
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, (int ClientId, string Reference, string Amount) order, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/clients/{order.ClientId}/purchases")
        {
            Content = JsonContent.Create(new { amount = order.Amount, reference = order.Reference }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
