using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace LybuntCrm.Bench;

/// <summary>
/// Bulk actions on the client list at size: <c>bulk [--clients 100000] [--managers 20] [--dir DIR] [--reuse]</c>. Builds
/// (or reuses) the Today benchmark's database, makes manager 0 an admin, starts the web app and times, over HTTP as a
/// user would post them: the cadence of every client (all that match, no filter) and its undo, do-not-contact for every
/// client and its undo, and reassigning every client of one manager, and then every client, with hand-off notes, and those undos.
/// </summary>
public static partial class BulkBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var dir = args.SkipWhile(a => a != "--dir").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "lybunt-bulk-bench");
        var today = new List<string>(args) { "--dir", dir, "--no-page", "--touches", "1" };
        if (await TodayBench.RunAsync([.. today]) != 0) return 1;
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "lybunt.db")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """INSERT OR IGNORE INTO "AspNetUserRoles" ("UserId","RoleId") VALUES ('user-0','r-admin')""";
            await command.ExecuteNonQueryAsync();
        }

        var port = 5900 + Random.Shared.Next(300);
        var url = $"http://127.0.0.1:{port}";
        // The app's errors are shown; the rest of its log is not.
        using var app = TodayBench.StartApp(dir, url, line =>
        {
            if (line.Contains("[ERR]", StringComparison.Ordinal) || line.Contains("Exception", StringComparison.Ordinal)) Console.Error.WriteLine(line);
        });
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
            { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(10) };
            await TodayBench.WaitAndSignInAsync(http, "manager0@example.com");
            await TimeAsync(http, "cadence of every client", new() { ["Bulk.All"] = "true", ["Bulk.Action"] = "SetCadence", ["Bulk.CadenceDays"] = "75" });
            await TimeAsync(http, "do-not-contact for every client", new() { ["Bulk.All"] = "true", ["Bulk.Action"] = "DoNotContact", ["Bulk.Reason"] = "Benchmark" });
            await TimeAsync(http, "stage of every client", new() { ["Bulk.All"] = "true", ["Bulk.Action"] = "SetStage", ["Bulk.Stage"] = "Loyal" });
            await TimeAsync(http, "let every client go", new() { ["Bulk.All"] = "true", ["Bulk.Action"] = "LetGo", ["Bulk.Reason"] = "Benchmark" });
            var until = TodayBench.Today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await TimeAsync(http, "snooze every open follow-up", new()
            {
                ["Bulk.All"] = "true",
                ["Bulk.Action"] = "SnoozeFollowUps",
                ["Bulk.Until"] = until,
                ["Bulk.Reason"] = "Benchmark",
            });
            await TimeAsync(http, "dismiss every open follow-up", new() { ["Bulk.All"] = "true", ["Bulk.Action"] = "DismissFollowUps", ["Bulk.Reason"] = "Benchmark" });
            await TimeAsync(http, "reassign one manager's clients", new()
            {
                ["Bulk.All"] = "true",
                ["owner"] = "user-1",
                ["Bulk.Action"] = "Reassign",
                ["Bulk.ToUserId"] = "user-2",
                ["Bulk.Note"] = "Moved for the benchmark; call them before the spring order.",
            });
            await TimeAsync(http, "reassign every client", new()
            {
                ["Bulk.All"] = "true",
                ["Bulk.Action"] = "Reassign",
                ["Bulk.ToUserId"] = "user-3",
                ["Bulk.Note"] = "Moved for the benchmark; call them before the spring order.",
            });
            return 0;
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    /// <summary>Posts one bulk action and then its undo, as the list's form and banner do, and prints both times.</summary>
    private static async Task TimeAsync(HttpClient http, string what, Dictionary<string, string> fields)
    {
        var list = await http.GetStringAsync("/Clients");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(list).Groups[1].Value);
        var watch = Stopwatch.StartNew();
        using var applied = await http.PostAsync("/Clients?handler=Bulk", new FormUrlEncodedContent(fields));
        var applyTime = watch.Elapsed;
        if (applied.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"{what}: {applied.StatusCode}");
        var after = await http.GetStringAsync("/Clients");
        var message = WebUtility.HtmlDecode(FlashPattern().Match(after).Groups[1].Value.Trim());
        var undoToken = UndoPattern().Match(after).Groups[1].Value;
        watch.Restart();
        using var undone = await http.PostAsync("/Clients?handler=BulkUndo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = undoToken,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(after).Groups[1].Value),
        }));
        var undoTime = watch.Elapsed;
        var back = WebUtility.HtmlDecode(FlashPattern().Match(await http.GetStringAsync("/Clients")).Groups[1].Value.Trim());
        Console.WriteLine($"{what,-36} {applyTime.TotalSeconds,6:F1} s  undo {undoTime.TotalSeconds,6:F1} s   ({message} / {back})");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("role=\"status\">\\s*([^<]+)")]
    private static partial Regex FlashPattern();

    [GeneratedRegex("data-testid=\"bulk-undo\"[^>]*>\\s*<input type=\"hidden\" name=\"token\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex UndoPattern();
}
