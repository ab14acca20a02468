using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Features.Today;
using Microsoft.Data.Sqlite;

namespace LybuntCrm.IntegrationTests.Security;

/// <summary>
/// 64 connections for a minute (LYBUNT_SOAK_SECONDS; the test command sets 20 s, its inner loop 10 s) against the real app process on SQLite, mixing page reads,
/// touchpoint posts and the scheduling jobs: no errors, no "database is locked", and an intact database afterwards.
/// </summary>
[Collection(SeparateProcesses.Name)]
[Trait(SeparateProcesses.Trait, SeparateProcesses.Name)]
public sealed class ConcurrencySoakTests
{
    private const string AdminEmail = "admin@example.com";
    private const string Password = "correct-horse-battery";

    [SqliteFact]
    public async Task Sixty_four_connections_reading_writing_and_running_jobs_cause_no_errors()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("LYBUNT_SOAK_SECONDS"), out var s) ? s : 60;
        var dataDirectory = Path.Combine(Path.GetTempPath(), "lybunt-soak", Guid.NewGuid().ToString("N"));
        var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["App__DataDirectory"] = dataDirectory,
            ["Clock__Today"] = "2026-06-15",
            ["Admin__Email"] = AdminEmail,
            ["Admin__Password"] = Password,
            ["Jobs__RunServer"] = "false",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        });
        try
        {
            using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, MaxConnectionsPerServer = 64 };
            using var http = new HttpClient(handler) { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(120) };
            var browser = new Browser(http);
            (await browser.LoginAsync(AdminEmail, Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
            var token = (await browser.GetPageAsync("/Admin")).AntiforgeryToken!;
            (await browser.PostAsync("/Admin?handler=SeedDemo", new Dictionary<string, string>(), token)).StatusCode.Should().Be(HttpStatusCode.Redirect);
            var clientIds = Enumerable.Range(1, 200).ToArray();
            var touchpointsBefore = CountTouchpoints(dataDirectory);

            var statuses = new ConcurrentDictionary<string, int>();
            var failures = new ConcurrentQueue<string>();
            var posted = 0;
            var deadline = Stopwatch.StartNew();
            async Task Worker(int worker)
            {
                var random = new Random(worker);
                while (deadline.Elapsed.TotalSeconds < seconds)
                {
                    var id = clientIds[random.Next(clientIds.Length)];
                    var kind = random.Next(10);
                    try
                    {
                        HttpResponseMessage response;
                        if (kind < 3)
                        {
                            response = await http.GetAsync(kind == 0 ? "/Clients" : kind == 1 ? $"/Clients/{id}" : "/Clients?q=nguyen");
                        }
                        else if (kind < 5)
                        {
                            response = await http.GetAsync(kind == 3 ? "/Today" : "/Lybunt");
                        }
                        else
                        {
                            response = await http.PostAsync($"/Clients/{id}/Touchpoints/New", new FormUrlEncodedContent(new Dictionary<string, string>
                            {
                                ["__RequestVerificationToken"] = token,
                                ["Input.OccurredOn"] = "2026-06-15",
                                ["Input.Channel"] = "Phone",
                                ["Input.Direction"] = "Outbound",
                                ["Input.Outcome"] = "Reached",
                                ["Input.Summary"] = $"Soak call {worker}",
                            }));
                            if (response.StatusCode == HttpStatusCode.Redirect) Interlocked.Increment(ref posted);
                        }
                        statuses.AddOrUpdate(((int)response.StatusCode).ToString(), 1, (_, n) => n + 1);
                        if ((int)response.StatusCode >= 500) failures.Enqueue($"{(int)response.StatusCode} on kind {kind}");
                        response.Dispose();
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        failures.Enqueue(e.GetType().Name + ": " + e.Message);
                    }
                }
            }
            async Task Jobs()
            {
                var jobs = new[] { CheckInScheduleJob.JobId, LybuntFlagJob.JobId, OccasionScheduleJob.JobId };
                var n = 0;
                while (deadline.Elapsed.TotalSeconds < seconds)
                {
                    using var response = await http.PostAsync($"/Admin?handler=RunJob&id={jobs[n++ % jobs.Length]}",
                        new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
                    if (response.StatusCode != HttpStatusCode.Redirect) failures.Enqueue($"job run answered {(int)response.StatusCode}");
                }
            }

            await Task.WhenAll(Enumerable.Range(0, 64).Select(Worker).Append(Jobs()));

            failures.Should().BeEmpty("statuses: " + string.Join(", ", statuses.Select(kv => $"{kv.Key}={kv.Value}")));
            statuses.Keys.Should().BeSubsetOf(["200", "302"]);
            posted.Should().BeGreaterThan(0);
            app.Output.Should().NotContainEquivalentOf("database is locked");
            await app.DisposeAsync();
            CountTouchpoints(dataDirectory).Should().Be(touchpointsBefore + posted, "every accepted touchpoint was saved once");
            IntegrityCheck(dataDirectory).Should().Be("ok");
        }
        finally
        {
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private static SqliteConnection Open(string dataDirectory)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "lybunt.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    private static long CountTouchpoints(string dataDirectory)
    {
        using var connection = Open(dataDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Touchpoints";
        return (long)command.ExecuteScalar()!;
    }

    private static string IntegrityCheck(string dataDirectory)
    {
        using var connection = Open(dataDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
