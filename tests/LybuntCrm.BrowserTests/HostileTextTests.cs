using System.Text;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Features.Import;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Features.Prospects;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>
/// The bad sample files with HTML, script, formula and bidi-override text, imported through the import engine, plus
/// hostile notes, follow-up reasons and a legacy name that kept its right-to-left override: every page that shows them
/// renders them as inert, literal text in Chromium, and names sit in &lt;bdi&gt; so an override cannot flip the row.
/// </summary>
public sealed class HostileTextTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Payload = "<img src=x onerror=\"window.__xss=true;alert('xss')\">";
    private const string LegacyName = "\u202Egnp.exe\u202C Legacy Ltd";

    /// <summary>Anything on the page that markup in the data could have produced.</summary>
    private const string InjectedScript = """
        () => ({
            flag: window.__xss === true,
            handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).map(e => e.outerHTML),
            images: [...document.querySelectorAll('img[src="x"]')].length,
            bold: [...document.querySelectorAll('b')].filter(b => b.textContent === 'Sons').length,
            scripts: [...document.scripts].filter(s => s.textContent.includes('alert(') || s.textContent.includes('__xss')).length,
        })
        """;

    [Fact]
    public async Task Names_and_notes_with_markup_scripts_and_bidi_overrides_render_as_inert_literal_text_everywhere()
    {
        var (managerId, clientIds) = await ImportHostileDataAsync();
        var page = await app.SignedInPageAsync(BrowserApp.AdminEmail);
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };

        var lists = new[] { "/Clients", $"/Today?user={managerId}", "/Lybunt", "/Prospects" };
        var others = new[] { "/Admin/Audit", "/Import", "/Admin/Outbox" }.Concat(clientIds.Select(id => $"/Clients/{id}"));
        foreach (var url in lists.Concat(others))
        {
            var response = await page.GotoAsync(url);
            response!.Status.Should().Be(200, url);
            await ShouldBeInertAsync(page, url);
        }

        (await TextAsync(page, "/Clients")).Should().Contain("<script>alert(1)</script>").And.Contain("=HYPERLINK(\"http://evil.example\",\"click\")")
            .And.Contain("evil Co").And.NotContain("\u202Eevil", "the import drops bidi overrides");
        (await TextAsync(page, $"/Clients/{clientIds[^1]}")).Should().Contain("O'Brien & <b>Sons</b>").And.Contain(Payload);
        (await TextAsync(page, $"/Today?user={managerId}")).Should().Contain("<script>alert(1)</script>").And.Contain(Payload);
        (await TextAsync(page, "/Lybunt")).Should().Contain("<script>alert(1)</script>");
        (await TextAsync(page, "/Prospects")).Should().Contain("=HYPERLINK(");
        (await TextAsync(page, "/Import")).Should().Contain(Payload + ".csv", "the uploaded file name is shown literally");

        // In every list a name is isolated, so the override in the legacy name cannot reorder the rest of its row.
        foreach (var url in lists)
        {
            await page.GotoAsync(url);
            var names = page.Locator("a[href^='/Clients/']", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("Legacy Ltd|evil Co|alert\\(1\\)|HYPERLINK") });
            (await names.CountAsync()).Should().BeGreaterThan(0, url);
            foreach (var name in await names.AllAsync())
                (await name.EvaluateAsync<bool>("a => a.querySelector('bdi') !== null || a.closest('bdi') !== null")).Should().BeTrue(url);
        }
        await BrowserApp.ScreenshotAsync(page, "hostile-text-clients");

        // The digest HTML, rendered as a mail client would (without the app's CSP to help).
        var digest = await DigestHtmlAsync(managerId);
        await page.SetContentAsync(digest);
        await ShouldBeInertAsync(page, "digest");
        (await page.Locator("body").InnerTextAsync()).Should().Contain("<script>alert(1)</script>").And.Contain(Payload);

        dialogs.Should().BeEmpty("no script from the data ran");
        await page.Context.CloseAsync();
    }

    private static async Task<string> TextAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        return await page.Locator("main, body").First.InnerTextAsync();
    }

    private static async Task ShouldBeInertAsync(IPage page, string where)
    {
        var found = await page.EvaluateAsync<Injected>(InjectedScript);
        found.Flag.Should().BeFalse(where);
        found.Handlers.Should().BeEmpty(where);
        found.Images.Should().Be(0, where);
        found.Bold.Should().Be(0, where);
        found.Scripts.Should().Be(0, where);
    }

    private sealed class Injected
    {
        public bool Flag { get; set; }
        public string[] Handlers { get; set; } = [];
        public int Images { get; set; }
        public int Bold { get; set; }
        public int Scripts { get; set; }
    }

    /// <summary>Imports the bad files for the manager, gives each client last year's purchase and a hostile note, and returns their ids in the order F1, F2, L1, Z1, Z2.</summary>
    private async Task<(string ManagerId, int[] ClientIds)> ImportHostileDataAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CrmDbContext>();
        var imports = sp.GetRequiredService<ImportService>();
        var managerId = await db.Users.Where(u => u.Email == BrowserApp.ManagerEmail).Select(u => u.Id).SingleAsync();
        var adminId = await db.Users.Where(u => u.Email == BrowserApp.AdminEmail).Select(u => u.Id).SingleAsync();

        // Data from before input cleaning existed: a name that kept its right-to-left override.
        db.Clients.Add(new Client { Name = LegacyName, ExternalId = "L1", OwnerId = managerId, CreatedOn = BrowserApp.Today, CreatedAtUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();

        foreach (var file in new[] { "bidi-and-control-chars.csv", "formula-injection.csv" })
            await ImportAsync(imports, File.OpenRead(Path.Combine(AppContext.BaseDirectory, "TestData", "bad", file)), file, ImportKind.Clients, managerId);
        var purchases = new StringBuilder("ClientExternalId,InvoiceNumber,Date,Amount,Currency,Status\n");
        foreach (var id in new[] { "Z1", "Z2", "F1", "F2", "L1" }) purchases.Append($"{id},INV-{id},2025-03-01,1200.00,USD,Completed\n");
        await ImportAsync(imports, new MemoryStream(Encoding.UTF8.GetBytes(purchases.ToString())), Payload + ".csv", ImportKind.Purchases, adminId);

        var clients = await db.Clients.Where(c => c.ExternalId != null).OrderBy(c => c.ExternalId).ToListAsync();
        clients.Select(c => c.ExternalId).Should().Equal("F1", "F2", "L1", "Z1", "Z2");
        foreach (var prospect in clients.Where(c => c.ExternalId!.StartsWith('F')))
        {
            prospect.Status = ClientStatus.Prospect;
            prospect.Stage = LifecycleStage.Interested;
        }
        foreach (var client in clients)
            db.Touchpoints.Add(new Touchpoint
            {
                ClientId = client.Id,
                UserId = managerId,
                OccurredOn = new DateOnly(2025, 3, 1),
                CreatedAtUtc = DateTime.UtcNow,
                Channel = Channel.Phone,
                Direction = Direction.Outbound,
                Outcome = TouchpointOutcome.NoAnswer,
                Summary = Payload,
            });
        await db.SaveChangesAsync();

        var jobs = sp.GetRequiredService<JobRunner>();
        foreach (var job in new[] { LybuntFlagJob.JobId, CheckInScheduleJob.JobId, ProspectReviewJob.JobId }) await jobs.RunAsync(job, CancellationToken.None);
        // Reasons kept as text (rows written before reasons had codes, or typed by a user) are shown as stored.
        await db.FollowUps.ExecuteUpdateAsync(s => s
            .SetProperty(f => f.Reason, f => f.Reason + " " + Payload).SetProperty(f => f.ReasonCode, (string?)null));
        return (managerId, clients.Select(c => c.Id).ToArray());
    }

    private static async Task ImportAsync(ImportService imports, Stream content, string fileName, ImportKind kind, string userId)
    {
        await using (content)
        {
            var (run, error) = await imports.CreateAsync(content, fileName, kind, userId, CancellationToken.None);
            run.Should().NotBeNull(error);
            var outcome = await imports.ExecuteAsync(run!.Id, CancellationToken.None);
            outcome!.FileProblem.Should().BeNull();
        }
    }

    private async Task<string> DigestHtmlAsync(string managerId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        await db.Users.Where(u => u.Id == managerId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DigestHour, 0));
        await scope.ServiceProvider.GetRequiredService<JobRunner>().RunAsync(DailyDigestJob.JobId, CancellationToken.None);
        return await db.OutboundEmails.Where(e => e.Kind == "digest").Select(e => e.HtmlBody).SingleAsync();
    }
}
