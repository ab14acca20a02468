using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Features.Clients;
using LybuntCrm.Web.Infrastructure;
using LybuntSeed = LybuntCrm.IntegrationTests.Features.Lybunt.Lybunt;

namespace LybuntCrm.IntegrationTests.Features.Admin;

public sealed class SettingsTests
{
    [Fact]
    public async Task Admin_sets_the_first_month_of_the_fiscal_year()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var page = await admin.GetPageAsync("/Admin/Settings");
        page.Document.QuerySelector("select[name='FiscalYear.StartMonth'] option[selected]")!.GetAttribute("value").Should().Be("1");

        var invalid = await admin.PostFormAsync("/Admin/Settings", new Dictionary<string, string> { ["FiscalYear.StartMonth"] = "13" },
            "/Admin/Settings?handler=FiscalYear");
        invalid.Errors.Should().Contain("Choose the month the fiscal year starts in.");

        var saved = await admin.PostFormAsync("/Admin/Settings", new Dictionary<string, string> { ["FiscalYear.StartMonth"] = "4" },
            "/Admin/Settings?handler=FiscalYear");
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.FiscalStartMonthAsync())).Should().Be(4);
        (await admin.GetPageAsync("/Admin/Settings")).Document
            .QuerySelector("select[name='FiscalYear.StartMonth'] option[selected]")!.GetAttribute("value").Should().Be("4");
    }

    [Fact]
    public async Task Admin_sets_the_days_between_win_back_attempts()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        (await admin.GetPageAsync("/Admin/Settings")).Document.QuerySelector("input[name='WinBack.CadenceDays']")!.GetAttribute("value").Should().Be("14");
        var invalid = await admin.PostFormAsync("/Admin/Settings", new Dictionary<string, string> { ["WinBack.CadenceDays"] = "0" },
            "/Admin/Settings?handler=WinBack");
        invalid.Errors.Should().Contain("Enter a number of days between 1 and 365.");
        var saved = await admin.PostFormAsync("/Admin/Settings", new Dictionary<string, string> { ["WinBack.CadenceDays"] = "21" },
            "/Admin/Settings?handler=WinBack");

        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.GetIntSettingAsync(SettingKeys.WinBackCadenceDays, 0))).Should().Be(21);
    }

    [Fact]
    public async Task Admin_sets_how_many_messages_a_manager_may_send_in_a_day()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        (await admin.GetPageAsync("/Admin/Settings")).Document.QuerySelector("input[name='Messages.PerManagerPerDay']")!.GetAttribute("value").Should().Be("200");
        var invalid = await admin.PostFormAsync("/Admin/Settings", new Dictionary<string, string> { ["Messages.PerManagerPerDay"] = "0" },
            "/Admin/Settings?handler=Messages");
        invalid.Errors.Should().Contain("Enter a number of messages between 1 and 10,000.");
        var saved = await admin.PostFormAsync("/Admin/Settings", new Dictionary<string, string> { ["Messages.PerManagerPerDay"] = "50" },
            "/Admin/Settings?handler=Messages");

        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.GetIntSettingAsync(SettingKeys.MessagesPerManagerPerDay, 0))).Should().Be(50);
    }

    [Fact]
    public async Task The_firms_currency_shows_on_totals_and_starts_new_purchases()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await LybuntSeed.AddAsync(app, LybuntSeed.NewClient(managerId, "Mine Ltd", (2025, 4, 1, 1500m)));
        var newClient = await app.WithDbAsync(db => db.AddClientAsync("New Ltd", managerId));
        await LybuntSeed.FlagAsync(app);
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        (await admin.GetPageAsync("/Lybunt")).Document.QuerySelector("[data-testid=at-risk-revenue]")!.TextContent.Trim().Should().Be("1,500");

        var invalid = await admin.PostFormAsync("/Admin/Settings", new Dictionary<string, string> { ["Currency.Code"] = "EURO" },
            "/Admin/Settings?handler=Currency");
        invalid.Errors.Should().Contain("Enter a three-letter currency code, such as USD, or leave it empty.");
        invalid.Document.QuerySelector("input[name='Currency.Code']")!.GetAttribute("value").Should().Be("EURO");

        var saved = await admin.PostFormAsync("/Admin/Settings", new Dictionary<string, string> { ["Currency.Code"] = "eur" },
            "/Admin/Settings?handler=Currency");
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await admin.GetPageAsync("/Admin/Settings")).Document.QuerySelector("input[name='Currency.Code']")!.GetAttribute("value").Should().Be("EUR");
        (await admin.GetPageAsync("/Lybunt")).Document.QuerySelector("[data-testid=at-risk-revenue]")!.TextContent.Trim().Should().Be("€1,500");
        (await admin.GetPageAsync($"/Clients/{newClient}/Purchases/New")).Document.QuerySelector("input[name='Input.Currency']")!
            .GetAttribute("value").Should().Be("EUR");

        await admin.PostFormAsync("/Admin/Settings", new Dictionary<string, string> { ["Currency.Code"] = "" }, "/Admin/Settings?handler=Currency");
        (await admin.GetPageAsync("/Lybunt")).Document.QuerySelector("[data-testid=at-risk-revenue]")!.TextContent.Trim().Should().Be("1,500");
    }

    [Fact]
    public async Task Managers_cannot_open_settings()
    {
        using var app = new CrmApp();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        var response = await manager.GetAsync("/Admin/Settings");
        response.StatusCode.Should().NotBe(HttpStatusCode.OK);
        ((int)response.StatusCode is 302 or 403).Should().BeTrue();
    }
}
