using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Today;

public sealed class CalendarFeedTests
{
    [Fact]
    public async Task The_feed_lists_planned_follow_ups_as_all_day_events_without_signing_in()
    {
        using var app = new CrmApp();
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        await TodaySeed.ClientAsync(app, managerId, "Smith, Jones; and Co", lastContactDaysAgo: 130);
        await TodaySeed.ClientAsync(app, otherId, "Someone else's", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        var token = await app.WithDbAsync(db => db.Users.Where(u => u.Id == managerId).Select(u => u.CalendarToken).SingleAsync());
        using var anonymous = app.NewBrowser();

        var response = await anonymous.GetAsync($"/calendar/{token}.ics");
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/calendar");
        body.Should().StartWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n").And.EndWith("END:VCALENDAR\r\n");
        body.Should().Contain("DTSTART;VALUE=DATE:20260615\r\n").And.Contain("DTEND;VALUE=DATE:20260616\r\n");
        body.Should().Contain(@"SUMMARY:Check-in: Smith\, Jones\; and Co");
        body.Should().NotContain("Someone else");
        body.Split("\r\n").Should().OnlyContain(line => System.Text.Encoding.UTF8.GetByteCount(line) <= 75);
    }

    [Fact]
    public async Task An_unknown_token_finds_nothing()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var anonymous = app.NewBrowser();

        (await anonymous.GetAsync($"/calendar/{new string('a', 48)}.ics")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await anonymous.GetAsync("/calendar/short.ics")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Regenerating_the_address_revokes_the_old_one()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var page = await browser.GetPageAsync("/Today/Calendar");
        var oldUrl = page.Document.QuerySelector("[data-testid=feed-url]")!.TextContent.Trim();
        var oldPath = new Uri(oldUrl).AbsolutePath;
        // The whole address wraps in a box of its own (never cut off), with a Copy button beside it.
        page.Document.QuerySelector("[data-testid=feed-url]")!.LocalName.Should().Be("textarea");
        page.Document.QuerySelector("[data-testid=copy-feed-url]")!.GetAttribute("data-copy").Should().Be("feed-url");

        var result = await browser.PostFormAsync("/Today/Calendar", new Dictionary<string, string>(), "/Today/Calendar?handler=Regenerate");

        result.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var newPath = new Uri((await browser.GetPageAsync("/Today/Calendar")).Document.QuerySelector("[data-testid=feed-url]")!.TextContent.Trim()).AbsolutePath;
        newPath.Should().NotBe(oldPath);
        using var anonymous = app.NewBrowser();
        (await anonymous.GetAsync(oldPath)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await anonymous.GetAsync(newPath)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
