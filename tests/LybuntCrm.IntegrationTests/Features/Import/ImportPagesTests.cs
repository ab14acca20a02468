using System.Net;
using System.Net.Http.Headers;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Import;

public sealed class ImportPagesTests
{
    [Theory]
    [InlineData("/Import")]
    [InlineData("/Import/Run?id=1")]
    [InlineData("/Import/Help")]
    public async Task Account_managers_are_refused_the_import_pages(string url)
    {
        using var app = new CrmApp();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);

        var response = await manager.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Admin_uploads_maps_dry_runs_and_commits_and_the_run_shows_in_the_history()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        (await admin.GetPageAsync("/Import")).Text.Should().Contain("No imports yet");

        var upload = await UploadAsync(admin, "bad/malformed-dates.csv", "Clients");
        upload.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var mapUrl = upload.Location!;
        mapUrl.Should().StartWith("/Import/Map");
        var map = await admin.GetPageAsync(mapUrl);
        map.Document.QuerySelectorAll("[data-testid=mapping] tbody tr").Length.Should().Be(10);
        map.Document.QuerySelector("select[name='Input.Columns[5]'] option[selected]")!.GetAttribute("value").Should().Be("Birthday");

        var fields = MapFields(map);
        var dry = await admin.PostAsync(mapUrl + "&handler=DryRun", fields, map.AntiforgeryToken);
        dry.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var runPage = await admin.GetPageAsync(dry.Location!);
        runPage.Document.QuerySelector("[data-testid=run-status]")!.TextContent.Should().Be("Checked");
        runPage.Document.QuerySelector("[data-testid=counts]")!.TextContent.Should().Contain("Will fail");
        var firstError = runPage.Document.QuerySelector("[data-testid=issues] tbody tr")!.TextContent;
        firstError.Should().Contain("2").And.Contain("Birthday").And.Contain("'1990-13-01' is not a real date.");
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(0);

        var errors = await admin.GetAsync(dry.Location! + "&handler=Errors");
        errors.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        (await errors.Content.ReadAsStringAsync()).Should().Contain("Row,Column,Result,Message").And.Contain("3,Birthday,Failed");

        var commit = await admin.PostAsync(dry.Location! + "&handler=Commit", new Dictionary<string, string>(), runPage.AntiforgeryToken);
        commit.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var running = await admin.GetPageAsync(commit.Location!);
        running.Document.QuerySelector("#import-progress").Should().NotBeNull("the run waits for the background job");
        var progress = await admin.GetAsync(commit.Location! + "&handler=Progress");
        (await progress.Content.ReadAsStringAsync()).Should().Contain("\"running\":true").And.Contain("0 of 3 rows");

        var runId = int.Parse(commit.Location!.Split("id=")[1].Split('&')[0], System.Globalization.CultureInfo.InvariantCulture);
        await app.WithServicesAsync(sp => sp.GetRequiredService<ImportJob>().RunAsync(runId, CancellationToken.None).ContinueWith(_ => 0));
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(1);
        var history = await admin.GetPageAsync("/Import");
        history.Document.QuerySelector("[data-testid=import-history]")!.TextContent.Should().Contain("malformed-dates.csv").And.Contain("Completed");
    }

    [Fact]
    public async Task A_started_run_counts_from_zero_and_its_bar_rows_time_left_and_cards_move_together()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var upload = await UploadAsync(admin, "bad/malformed-dates.csv", "Clients");
        var map = await admin.GetPageAsync(upload.Location!);
        var dry = await admin.PostAsync(upload.Location! + "&handler=DryRun", MapFields(map), map.AntiforgeryToken);
        var checkedRun = await admin.GetPageAsync(dry.Location!);
        Count(checkedRun, "created").Should().Be("1", "the dry run found one row to create");

        var commit = await admin.PostAsync(dry.Location! + "&handler=Commit", new Dictionary<string, string>(), checkedRun.AntiforgeryToken);
        var started = await admin.GetPageAsync(commit.Location!);
        Count(started, "created").Should().Be("0", "nothing is written before the first chunk, whatever the dry run said");
        Count(started, "failed").Should().Be("0");
        started.Document.QuerySelector("[data-testid=import-progress]")!.TextContent.Should().Contain("0 of 3 rows").And.Contain("estimating the time left");

        // The first chunk of a slow import is written: one row of three after 90 seconds.
        var runId = int.Parse(commit.Location!.Split("id=")[1].Split('&')[0], System.Globalization.CultureInfo.InvariantCulture);
        await app.WithDbAsync(db => db.ImportRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.ProcessedRows, 1).SetProperty(r => r.Created, 1)
            .SetProperty(r => r.StartedAtUtc, DateTime.UtcNow.AddSeconds(-90))));
        var poll = System.Text.Json.JsonDocument.Parse(await (await admin.GetAsync(commit.Location! + "&handler=Progress")).Content.ReadAsStringAsync()).RootElement;
        poll.GetProperty("percent").GetInt32().Should().Be(33);
        poll.GetProperty("text").GetString().Should().Be("1 of 3 rows");
        poll.GetProperty("timeLeft").GetString().Should().Be("about 4 min left");
        poll.GetProperty("counts").GetProperty("created").GetString().Should().Be("1");
        var page = await admin.GetPageAsync(commit.Location!);
        Count(page, "created").Should().Be("1");
        page.Document.QuerySelector("[data-testid=import-progress] [role=progressbar]")!.GetAttribute("aria-valuenow").Should().Be("33");

        await app.WithDbAsync(db => db.ImportRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.ProcessedRows, 3)));
        poll = System.Text.Json.JsonDocument.Parse(await (await admin.GetAsync(commit.Location! + "&handler=Progress")).Content.ReadAsStringAsync()).RootElement;
        poll.GetProperty("timeLeft").GetString().Should().Be("bringing flags, follow-ups and plans up to date");
    }

    private static string Count(Page page, string key) => page.Document.QuerySelector($"[data-count={key}]")!.TextContent.Trim();

    [Fact]
    public async Task A_saved_mapping_is_offered_and_applied_to_the_next_file_with_those_headers()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var upload = await UploadAsync(admin, "bad/windows-1258-vietnamese.csv", "Clients");
        var map = await admin.GetPageAsync(upload.Location!);
        var fields = MapFields(map);
        fields["Input.Columns[2]"] = ""; // ignore ContactName
        fields["Input.SaveAs"] = "Shop export";
        (await admin.PostAsync(upload.Location! + "&handler=DryRun", fields, map.AntiforgeryToken)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var second = await UploadAsync(admin, "bad/windows-1258-vietnamese.csv", "Clients");
        var secondMap = await admin.GetPageAsync(second.Location!);
        secondMap.Document.QuerySelector("select[name='Input.SavedMapping'] option")!.TextContent.Should().Be("Shop export");
        secondMap.Document.QuerySelector("select[name='Input.Columns[2]'] option[selected]").Should().BeNull("the saved mapping ignores that column");
    }

    [Fact]
    public async Task Mapping_one_field_twice_or_leaving_out_the_name_is_explained()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var upload = await UploadAsync(admin, "bad/duplicates.csv", "Clients");
        var map = await admin.GetPageAsync(upload.Location!);
        var fields = MapFields(map);
        fields["Input.Columns[1]"] = "";
        var page = await admin.PostAsync(upload.Location! + "&handler=DryRun", fields, map.AntiforgeryToken);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain("Choose the column that holds the client name.");

        fields["Input.Columns[1]"] = "ContactName";
        page = await admin.PostAsync(upload.Location! + "&handler=DryRun", fields, map.AntiforgeryToken);
        page.Errors.Should().Contain("“Contact name” is chosen for more than one column.");
    }

    [Fact]
    public async Task Empty_files_and_files_over_the_size_limit_get_a_clear_message()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15), new Dictionary<string, string?> { ["Import:MaxFileMegabytes"] = "1" });
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var empty = await UploadAsync(admin, "bad/empty.csv", "Clients");
        empty.StatusCode.Should().Be(HttpStatusCode.OK);
        empty.Errors.Should().Contain("The file is empty.");

        var headerOnly = await UploadAsync(admin, "bad/header-only.csv", "Clients");
        headerOnly.Errors.Should().Contain("The file has a header row but no data rows.");

        var big = Path.Combine(app.DataDirectory, "big.csv");
        await File.WriteAllTextAsync(big, "ExternalId,ClientName\n" + string.Concat(Enumerable.Repeat("X1,A client with a long enough name to fill the file up\n", 25_000)));
        var tooLarge = await UploadAsync(admin, big, "Clients");
        tooLarge.StatusCode.Should().Be(HttpStatusCode.OK);
        tooLarge.Errors.Should().Contain("The file is larger than 1 MB. Split it into smaller files.");
        (await app.WithDbAsync(db => db.ImportRuns.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Undo_from_the_run_page_removes_the_created_clients()
    {
        using var app = new CrmApp();
        var result = await app.ImportAsync("bad/duplicates.csv", ImportKind.Clients);
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var url = $"/Import/Run?id={result.Run!.Id}";
        var page = await admin.GetPageAsync(url);

        var undo = await admin.PostAsync(url + "&handler=Undo", new Dictionary<string, string>(), page.AntiforgeryToken);

        undo.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(0);
        (await admin.GetPageAsync(url)).Text.Should().Contain("Import undone: 1 client and 0 purchases removed.");
    }

    [Fact]
    public async Task The_error_report_speaks_the_readers_language()
    {
        using var app = new CrmApp();
        var run = (await app.ImportAsync("bad/malformed-dates.csv", ImportKind.Clients, dryRunOnly: true)).Run!;
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var token = (await admin.GetPageAsync("/Import")).AntiforgeryToken;
        await admin.PostAsync("/Account/Language", new Dictionary<string, string> { ["culture"] = "vi", ["returnUrl"] = "/" }, token);

        var page = await admin.GetPageAsync($"/Import/Run?id={run.Id}");
        page.Document.QuerySelector("[data-testid=run-status]")!.TextContent.Should().Be("Đã kiểm tra");
        page.Document.QuerySelector("[data-testid=issues] tbody")!.TextContent.Should().Contain("'1990-13-01' không phải là một ngày có thật.")
            .And.Contain("Thất bại");
        var csv = await (await admin.GetAsync($"/Import/Run?id={run.Id}&handler=Errors")).Content.ReadAsStringAsync();
        csv.Should().Contain("Dòng,Cột,Kết quả,Nội dung").And.Contain("Birthday,Thất bại,'1990-13-01' không phải là một ngày có thật.");
    }

    internal static Dictionary<string, string> MapFields(Page map)
    {
        var fields = new Dictionary<string, string>();
        foreach (var select in map.Document.QuerySelectorAll("form[data-testid=map-form] select"))
        {
            var name = select.GetAttribute("name")!;
            var selected = select.QuerySelector("option[selected]") ?? select.QuerySelector("option");
            fields[name] = selected?.GetAttribute("value") ?? "";
        }
        foreach (var input in map.Document.QuerySelectorAll("form[data-testid=map-form] input[name^='Input.']"))
        {
            if (input.GetAttribute("type") == "checkbox") { if (input.HasAttribute("checked")) fields[input.GetAttribute("name")!] = "true"; }
            else fields[input.GetAttribute("name")!] = input.GetAttribute("value") ?? "";
        }
        return fields;
    }

    internal static async Task<Page> UploadAsync(Browser browser, string file, string kind)
    {
        var form = await browser.GetPageAsync("/Import");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.AntiforgeryToken!), "__RequestVerificationToken" },
            { new StringContent(kind), "Kind" },
        };
        var bytes = new ByteArrayContent(await File.ReadAllBytesAsync(ImportDriver.File(file)));
        bytes.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(bytes, "Upload", Path.GetFileName(file));
        var response = await browser.Http.PostAsync("/Import", content);
        var html = await response.Content.ReadAsStringAsync();
        return new Page(response, html, new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html));
    }
}
