using System.Text.RegularExpressions;
using AngleSharp.Dom;
using LybuntCrm.IntegrationTests.Features.Lybunt;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Infrastructure;

/// <summary>Pages show dates, money and numbers in the reader's culture, digits and calendar (DisplayFormat), not ISO or English.</summary>
public sealed partial class LocalizedFormatsTests
{
    [GeneratedRegex(@"\b20\d\d-\d\d-\d\d\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b\d{1,2}/\d{1,2}/(19|20)\d\d\b")]
    private static partial Regex SlashDate();

    [GeneratedRegex(@"\b20\d\d\b")]
    private static partial Regex LatinYear();

    /// <summary>The text a reader sees: text nodes of the body outside scripts, styles and form fields (attributes and input
    /// values are for the browser and stay ISO).</summary>
    private static string VisibleText(Page page) => string.Join(" ", page.Document.Body!.Descendants<IText>()
        .Where(t => !t.GetAncestors().OfType<IElement>().Any(e => e.LocalName is "script" or "style" or "textarea" or "template" or "noscript"))
        .Select(t => t.Data));

    private static async Task<CrmApp> ArrangeAsync(string culture, bool solarHijri, params (int Y, int M, int D, decimal Amount)[] purchases)
    {
        var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == managerId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, culture).SetProperty(u => u.UseSolarHijri, solarHijri)));
        await app.AddAsync(Lybunt.NewClient(managerId, "Nowruz Traders", purchases));
        // Two check-ins: one overdue today, one snoozed into the coming days (the upcoming table shows its date).
        await TodaySeed.ClientAsync(app, managerId, "Overdue Co", lastContactDaysAgo: 160);
        await TodaySeed.ClientAsync(app, managerId, "Later Co", lastContactDaysAgo: 110);
        await TodaySeed.RunCheckInsAsync(app);
        await app.WithDbAsync(db => db.FollowUps.Where(f => f.Client!.Name == "Later Co")
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.PlannedOn, app.Today.AddDays(3)).SetProperty(f => f.SnoozedUntil, app.Today.AddDays(3))
                .SetProperty(f => f.Status, FollowUpStatus.Snoozed)));
        // Planned 40 days ago and not done: overdue.
        await app.WithDbAsync(db => db.FollowUps.Where(f => f.Client!.Name == "Overdue Co")
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.PlannedOn, app.Today.AddDays(-40))));
        await app.FlagAsync();
        return app;
    }

    [Fact]
    public async Task Persian_reader_with_Solar_Hijri_sees_Persian_digits_and_Solar_Hijri_dates_on_every_main_page()
    {
        using var app = await ArrangeAsync("fa", solarHijri: true, (2025, 4, 1, 1500m), (2025, 5, 20, 250.5m));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var f = DisplayFormat.For("fa", solarHijri: true);
        var clientId = await app.WithDbAsync(db => db.Clients.Where(c => c.Name == "Nowruz Traders").Select(c => c.Id).SingleAsync());

        var today = await browser.GetPageAsync("/Today");
        var client = await browser.GetPageAsync($"/Clients/{clientId}");
        var lybunt = await browser.GetPageAsync("/Lybunt");
        var clients = await browser.GetPageAsync("/Clients");

        foreach (var (name, page) in new[] { ("Today", today), ("client", client), ("LYBUNT", lybunt), ("clients", clients) })
        {
            page.Document.DocumentElement.GetAttribute("dir").Should().Be("rtl", name);
            var text = VisibleText(page);
            IsoDate().Matches(text).Should().BeEmpty("{0} shows no ISO dates in its text", name);
            SlashDate().Matches(text).Should().BeEmpty("{0} shows no Latin d/m/yyyy dates", name);
            LatinYear().Matches(text).Should().BeEmpty("{0} shows years in Persian digits", name);
        }

        // Today: the date in the header and the upcoming table are Solar Hijri.
        VisibleText(today).Should().Contain(f.WeekdayDate(app.Today)).And.Contain("خرداد")
            .And.Contain(f.WeekdayDayMonth(app.Today.AddDays(3)));
        today.Document.QuerySelectorAll("[data-testid=overdue]").Select(e => e.TextContent).Should().Contain(t => t.Contains("۴۰"));

        // Client page: purchase dates and the amount in the timeline.
        var clientText = VisibleText(client);
        clientText.Should().Contain(f.Date(new DateOnly(2025, 5, 20))).And.Contain("۳۰ اردیبهشت ۱۴۰۴")
            .And.Contain(f.Money(250.5m, "USD")).And.Contain(f.Amount(1750.5m));

        // LYBUNT: headline, table and fiscal year.
        lybunt.Document.QuerySelector("[data-testid=at-risk-count]")!.TextContent.Trim().Should().Be("۱");
        lybunt.Document.QuerySelector("[data-testid=at-risk-revenue]")!.TextContent.Trim().Should().Be("۱٬۷۵۱");
        var row = lybunt.Document.QuerySelector($"[data-testid=lybunt-table] tr[data-client-id='{clientId}']")!;
        row.TextContent.Should().Contain("۱٬۷۵۰٫۵۰").And.Contain(f.Date(new DateOnly(2025, 5, 20)));
        VisibleText(lybunt).Should().Contain("۲۰۲۶");

        // The chart's labels: fiscal years and amounts in Persian digits, coordinates invariant.
        var svg = lybunt.Document.QuerySelector("[data-testid=revenue-chart] svg")!;
        var labels = svg.QuerySelectorAll("text").Select(e => e.TextContent)
            .Concat(svg.QuerySelectorAll(".chart-bar").Select(e => e.GetAttribute("aria-label")!)).ToList();
        labels.Should().Contain(f.FiscalYear(new FiscalYear(2025, 1))).And.Contain(f.FiscalYear(new FiscalYear(2026, 1)));
        labels.Should().OnlyContain(l => !l.Any(char.IsAsciiDigit), "chart labels use Persian digits");
        labels.Should().Contain(l => l.Contains(f.Amount(1750.5m, 0)));
        svg.QuerySelectorAll("rect").Select(r => r.GetAttribute("x")).Should().OnlyContain(x => x != null && Regex.IsMatch(x, @"^[0-9.]+$"));
        lybunt.Document.QuerySelector("[data-testid=revenue-chart-table]")!.TextContent.Should().Contain(f.Amount(1750.5m, 0));

        // Clients list: last purchase in Solar Hijri.
        clients.Document.QuerySelector($"tr[data-client-id='{clientId}']")!.TextContent.Should().Contain(f.Date(new DateOnly(2025, 5, 20)));

        // Machine formats stay ISO: the touchpoint form's date input on the client page.
        client.Document.QuerySelector("#Input_OccurredOn")!.GetAttribute("value").Should().Be("2026-06-15");
    }

    [Fact]
    public async Task Vietnamese_reader_sees_dots_between_thousands_and_a_comma_before_decimals()
    {
        using var app = await ArrangeAsync("vi", solarHijri: false, (2025, 4, 1, 1234567.5m));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var lybunt = await browser.GetPageAsync("/Lybunt");
        lybunt.Document.DocumentElement.GetAttribute("lang").Should().Be("vi");
        lybunt.Document.QuerySelector("[data-testid=at-risk-revenue]")!.TextContent.Trim().Should().Be("1.234.568");
        lybunt.Document.QuerySelector("[data-testid=lybunt-table] tbody tr")!.TextContent.Should().Contain("1.234.567,50").And.Contain("1 thg 4, 2025");

        var chart = lybunt.Document.QuerySelector("[data-testid=revenue-chart]")!.InnerHtml;
        chart.Should().Contain("1.234.568").And.Contain("1,5M");

        var today = await browser.GetPageAsync("/Today");
        VisibleText(today).Should().Contain("15 tháng 6");
        IsoDate().Matches(VisibleText(today)).Should().BeEmpty();
    }
}
