using System.IO.Compression;
using System.Net;
using System.Text;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients;
using LybuntCrm.Web.Infrastructure.Csv;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace LybuntCrm.IntegrationTests.Features.Clients;

/// <summary>The client list as CSV and Excel: what the list shows, in its order, safe to open in a spreadsheet.</summary>
public sealed class ClientExportTests
{
    private const string FormulaName = "=cmd|' /C calc'!A0";

    private static readonly string[] EnglishHeaders =
    [
        "External id", "Name", "Status", "Stage", "Owner", "Preferred channel", "Contact name", "Contact email", "Contact phone",
        "Last purchase", "Last reached", "Next check-in", "LYBUNT / SYBUNT", "Revenue this fiscal year", "Revenue last fiscal year", "Created",
        "Tags",
    ];

    /// <summary>The CSV read back with the app's own RFC 4180 reader: the header, then one list of cells per row.</summary>
    private static List<List<string>> ReadCsv(byte[] bytes)
    {
        using var reader = new CsvRowReader(new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true), ',');
        var rows = new List<List<string>>();
        while (reader.Read()) rows.Add(reader.Fields.ToList());
        return rows;
    }

    private static List<IDictionary<string, object?>> ReadXlsx(byte[] bytes) =>
        MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();

    private static List<string> ListNames(Page page) =>
        page.Document.QuerySelectorAll("[data-client-id] .cell-title a").Select(a => a.TextContent).ToList();

    private static async Task<List<List<string>>> ExportCsvAsync(Browser browser, string query)
    {
        var response = await browser.GetAsync("/Clients/Export?format=csv" + (query.Length > 0 ? "&" + query : ""));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return ReadCsv(await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task<int> AddWithPurchasesAsync(CrmApp app, string name, string ownerId, Action<Client>? shape,
        params (DateOnly Date, decimal Amount, PurchaseStatus Status)[] purchases) =>
        await app.WithDbAsync(async db =>
        {
            var id = await db.AddClientAsync(name, ownerId, shape);
            foreach (var (date, amount, status) in purchases)
                db.Purchases.Add(new Purchase { ClientId = id, Date = date, Amount = amount, Status = status, CreatedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
            await LybuntCrm.Web.Infrastructure.ClientFacts.RefreshAsync(db, id);
            return id;
        });

    [Fact]
    public async Task Csv_has_a_bom_escapes_formula_cells_and_keeps_Persian_and_Vietnamese_names()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        foreach (var name in new[] { FormulaName, "+SUM(A1)", "-2+3", "@evil", "\tTabbed", "\rReturned", "شرکت کیان", "Plain, Inc." })
            await app.WithDbAsync(db => db.AddClientAsync(name, managerId));
        await AddWithPurchasesAsync(app, "Công ty Nguyễn Hoàng", managerId, c =>
            {
                c.ExternalId = "VN-7781";
                c.Stage = LifecycleStage.Loyal;
                c.PreferredChannel = Channel.Phone;
                c.Contacts.Add(new Contact { Name = "Bà Lê Thị Hồng", Email = "hong@nguyen.vn", Phone = "+84901234567" });
                c.Contacts.Add(new Contact { Name = "Ông Trần Văn Minh", Email = "minh@nguyen.vn", Phone = "+84907654321", IsPrimary = true });
            },
            (new DateOnly(2025, 3, 1), 1200.5m, PurchaseStatus.Completed),
            (new DateOnly(2025, 9, 1), 99m, PurchaseStatus.Cancelled),
            (new DateOnly(2026, 2, 1), -300m, PurchaseStatus.Completed),
            (new DateOnly(2026, 4, 2), 50.25m, PurchaseStatus.Completed));
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var response = await admin.GetAsync("/Clients/Export?format=csv");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Content.Headers.ContentType.CharSet.Should().Be("utf-8");
        response.Content.Headers.ContentDisposition!.FileName.Should().Be("clients-2026-06-15.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal(new byte[] { 0xEF, 0xBB, 0xBF }, "spreadsheets read UTF-8 only after a byte order mark");
        var text = Encoding.UTF8.GetString(bytes);
        text.Should().Contain(",'=cmd|' /C calc'!A0,Client,", "the LYBUNT export's escaper wrote the cell")
            .And.Contain("Công ty Nguyễn Hoàng").And.Contain("شرکت کیان");

        var rows = ReadCsv(bytes);
        rows[0].Should().Equal(EnglishHeaders);
        var names = rows.Skip(1).Select(r => r[1]).ToList();
        names.Should().Contain(["'" + FormulaName, "'+SUM(A1)", "'-2+3", "'@evil", "'\tTabbed", "'\rReturned"],
            "a cell starting with = + - @, tab or carriage return is prefixed so a spreadsheet never runs it");
        names.Should().Contain(["شرکت کیان", "Plain, Inc.", "Công ty Nguyễn Hoàng"], "Persian and Vietnamese letters survive the trip");
        rows.Skip(1).Should().OnlyContain(r => r.Count == EnglishHeaders.Length);

        var vietnamese = rows.Single(r => r[1] == "Công ty Nguyễn Hoàng");
        vietnamese.Should().Equal(
            "VN-7781", "Công ty Nguyễn Hoàng", "Client", "Loyal", "An Nguyen", "Phone",
            "Ông Trần Văn Minh", "minh@nguyen.vn", "'+84907654321",
            "2026-04-02", "", vietnamese[11], "", "-249.75", "1200.50", "2026-01-01", "");
        vietnamese[11].Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}$", "the next check-in is an ISO date");

        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == "clients.export"))).Should().Be(1);
        (await admin.GetAsync("/Clients/Export?format=pdf")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Export_holds_what_the_list_shows_with_the_same_search_filters_and_sort()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        await AddWithPurchasesAsync(app, "Acme Events", managerId, c => c.Contacts.Add(new Contact { Name = "Shirin Rahimi", Email = "shirin@acme.test" }),
            (new DateOnly(2025, 5, 1), 10m, PurchaseStatus.Completed));
        await AddWithPurchasesAsync(app, "Acme Travel", otherId, c => c.Stage = LifecycleStage.Loyal,
            (new DateOnly(2026, 1, 5), 10m, PurchaseStatus.Completed));
        await AddWithPurchasesAsync(app, "Bright Prospect", managerId, c => { c.Status = ClientStatus.Prospect; c.Stage = LifecycleStage.Interested; });
        await AddWithPurchasesAsync(app, "Zeta Loyal", otherId, c => c.Stage = LifecycleStage.Loyal,
            (new DateOnly(2024, 2, 2), 10m, PurchaseStatus.Completed));
        await AddWithPurchasesAsync(app, "Mid Company", managerId, null, (new DateOnly(2025, 12, 24), 10m, PurchaseStatus.Completed));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        foreach (var query in new[]
                 {
                     "", "q=acme", "q=rahimi", "status=Prospect", "stage=Loyal", $"owner={otherId}", "sort=LastPurchase",
                     "sort=NextCheckIn", $"q=acme&owner={managerId}", "stage=Loyal&sort=LastPurchase", "status=Nonsense",
                 })
        {
            var list = ListNames(await browser.GetPageAsync("/Clients" + (query.Length > 0 ? "?" + query : "")));
            var export = (await ExportCsvAsync(browser, query)).Skip(1).Select(r => r[1]).ToList();
            export.Should().Equal(list, $"the export of /Clients?{query} holds the rows the list shows, in its order");
        }
        (await ExportCsvAsync(browser, "q=acme")).Skip(1).Select(r => r[1]).Should().Equal("Acme Events", "Acme Travel");
        (await ExportCsvAsync(browser, "sort=LastPurchase")).Skip(1).Select(r => r[1]).Should()
            .Equal("Acme Travel", "Mid Company", "Acme Events", "Zeta Loyal", "Bright Prospect");
    }

    [Fact]
    public async Task A_manager_exports_what_the_list_shows_them_and_an_admin_everything_and_a_visitor_nothing()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(db => db.AddClientAsync("Mine One", managerId));
        await app.WithDbAsync(db => db.AddClientAsync("Mine Two", managerId));
        await app.WithDbAsync(db => db.AddClientAsync("Theirs", otherId));
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        // Every signed-in user reads the whole client list (only the owner or an admin may change a client), so a
        // manager's export holds what their list holds; their own book is the list filtered by owner.
        (await ExportCsvAsync(manager, "")).Skip(1).Select(r => r[1]).Should()
            .Equal(ListNames(await manager.GetPageAsync("/Clients")));
        (await ExportCsvAsync(manager, $"owner={managerId}")).Skip(1).Select(r => r[1]).Should().Equal("Mine One", "Mine Two");
        (await ExportCsvAsync(admin, "")).Skip(1).Select(r => r[1]).Should().Equal("Mine One", "Mine Two", "Theirs");

        using var visitor = app.NewBrowser();
        var anonymous = await visitor.GetAsync("/Clients/Export?format=csv");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.ToString().Should().Contain("/Account/Login");
        (await visitor.GetAsync("/Clients/Export?format=xlsx")).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Xlsx_opens_with_the_same_rows_typed_dates_and_numbers_and_formula_text_stays_text()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await AddWithPurchasesAsync(app, FormulaName, managerId, c => c.Contacts.Add(new Contact { Name = "@who", Phone = "+84901234567" }),
            (new DateOnly(2025, 3, 1), 1200.5m, PurchaseStatus.Completed));
        await AddWithPurchasesAsync(app, "شرکت کیان", managerId, null, (new DateOnly(2026, 2, 1), 75m, PurchaseStatus.Completed));
        await AddWithPurchasesAsync(app, "Công ty Nguyễn Hoàng", managerId, null);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var response = await browser.GetAsync("/Clients/Export?format=xlsx");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ClientExport.XlsxContentType);
        response.Content.Headers.ContentDisposition!.FileName.Should().Be("clients-2026-06-15.xlsx");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var rows = ReadXlsx(bytes);
        rows[0].Keys.Should().Equal(EnglishHeaders);
        var csv = await ExportCsvAsync(browser, "");
        rows.Select(r => r["Name"]).Should().Equal(csv.Skip(1).Select(r => r[1].TrimStart('\'')), "the same rows in the same order");

        var formula = rows.Single(r => (string?)r["Name"] == FormulaName);
        formula["Name"].Should().BeOfType<string>().Which.Should().Be(FormulaName, "text is stored as text, with no apostrophe to hide");
        formula["Contact name"].Should().Be("@who");
        formula["Contact phone"].Should().Be("+84901234567");
        formula["Last purchase"].Should().Be(new DateTime(2025, 3, 1), "dates are date cells");
        formula["Created"].Should().Be(new DateTime(2026, 1, 1));
        formula["Revenue last fiscal year"].Should().Be(1200.5, "amounts are number cells");
        formula["Revenue this fiscal year"].Should().Be(0d);
        formula["LYBUNT / SYBUNT"].Should().BeNull("the flag is computed by the nightly job, which has not run");
        rows.Single(r => (string?)r["Name"] == "شرکت کیان")["Revenue this fiscal year"].Should().Be(75d);

        using var zip = new ZipArchive(new MemoryStream(bytes));
        var sheet = new StreamReader(zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)).Open()).ReadToEnd();
        sheet.Should().NotContain("<x:f", "no cell holds a formula").And.NotContain("<f>").And.NotContain("<f ");
        sheet.Should().Contain("=cmd|&apos; /C calc&apos;!A0</x:v>");
    }

    [Fact]
    public async Task Headers_follow_the_readers_language_and_values_stay_invariant()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        await AddWithPurchasesAsync(app, "Công ty Nguyễn Hoàng", managerId, null, (new DateOnly(2025, 3, 1), 1234.5m, PurchaseStatus.Completed));
        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == managerId)).ChangeCulture("vi");
            (await db.Users.SingleAsync(u => u.Id == otherId)).ChangeCulture("fa");
            await db.SaveChangesAsync();
        });
        using var vietnamese = await app.SignedInAsync(CrmApp.ManagerEmail);
        using var persian = await app.SignedInAsync(CrmApp.OtherManagerEmail);

        var vi = await ExportCsvAsync(vietnamese, "");
        vi[0].Take(4).Should().Equal("Mã ngoài", "Tên", "Trạng thái", "Giai đoạn");
        vi[0].Should().Contain(["Email người liên hệ", "Doanh thu năm tài chính trước"]);
        vi[1].Should().Contain(["2025-03-01", "1234.50", "Client"], "values are written the same in every language");

        var fa = await ExportCsvAsync(persian, "");
        fa[0].Take(2).Should().Equal("شناسهٔ خارجی", "نام");
        fa[1].Should().Contain(["2025-03-01", "1234.50"], "Latin digits and ISO dates, whatever the reader's digits");

        var xlsx = await persian.GetAsync("/Clients/Export?format=xlsx");
        var bytes = await xlsx.Content.ReadAsByteArrayAsync();
        var rows = ReadXlsx(bytes);
        rows[0].Keys.Should().Equal(fa[0]);
        rows[0]["آخرین خرید"].Should().Be(new DateTime(2025, 3, 1));
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var sheet = new StreamReader(zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)).Open()).ReadToEnd();
        sheet.Should().Contain("rightToLeft=\"1\"", "a Persian reader's sheet reads right to left");
    }

    [Fact]
    public async Task The_list_offers_both_exports_with_its_query_string()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(db => db.AddClientAsync("Acme Events", managerId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync($"/Clients?q=acme&status=Client&owner={managerId}&sort=LastPurchase&after=2025-01-01_9");

        page.Document.QuerySelector("[data-testid=export-csv]")!.GetAttribute("href").Should()
            .Be($"/Clients/Export?q=acme&status=Client&owner={managerId}&sort=LastPurchase&format=csv", "the whole list, not the page the reader is on");
        page.Document.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href").Should()
            .Be($"/Clients/Export?q=acme&status=Client&owner={managerId}&sort=LastPurchase&format=xlsx");
        (await browser.GetPageAsync("/Clients?q=nothing-like-this")).Document.QuerySelector("[data-testid=export-csv]")
            .Should().BeNull("an empty list has nothing to export");
    }

    [Theory]
    [InlineData(ClientSort.Name, null)]
    [InlineData(ClientSort.LastPurchase, null)]
    [InlineData(ClientSort.NextCheckIn, null)]
    [InlineData(ClientSort.Name, "common")]
    [InlineData(ClientSort.LastPurchase, "common")]
    public async Task Pages_read_for_an_export_follow_the_list_order_across_page_boundaries(ClientSort sort, string? search)
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(async db =>
        {
            // More than the count cap, so "common" is a broad search read in name windows.
            for (var i = 0; i < 1105; i++)
                db.Clients.Add(new Client
                {
                    Name = $"{(char)('A' + i % 7)}{i % 13:D2} client {i:D4}",
                    OwnerId = managerId,
                    SearchText = $"c{i:d4} common",
                    LastPurchaseOn = i % 3 == 0 ? null : new DateOnly(2025, 1, 1).AddDays(i % 40),
                    NextCheckInOn = i % 4 == 0 ? null : new DateOnly(2026, 7, 1).AddDays(i % 30),
                });
            await db.SaveChangesAsync();
        });

        var (paged, listed) = await app.WithDbAsync(async db =>
        {
            var query = new ClientListQuery(search, null, null, null, sort, null, null, PageSize: 200);
            var pages = new List<int>();
            await foreach (var page in ClientList.AllPagesAsync(db, query, pageSize: 97, CancellationToken.None))
            {
                page.Count.Should().BeLessThanOrEqualTo(97);
                pages.AddRange(page.Select(r => r.Id));
            }
            var list = new List<int>();
            string? after = null;
            do
            {
                var page = await ClientList.LoadAsync(db, query with { After = after }, CancellationToken.None);
                list.AddRange(page.Rows.Select(r => r.Id));
                after = page.NextCursor;
            }
            while (after is not null);
            return (pages, list);
        });

        listed.Should().HaveCount(1105);
        paged.Should().Equal(listed, "the export walks the list's own keyset order, page after page");
    }
}
