using System.Net;
using System.Text.Json;
using LybuntCrm.IntegrationTests.Infrastructure;

namespace LybuntCrm.IntegrationTests.Features.Lybunt;

public sealed class FlaggingProgressTests
{
    [Fact]
    public async Task Flagging_started_from_the_page_shows_its_progress_and_the_page_comes_back_up_to_date_when_it_is_done()
    {
        // The app's own job server runs the job, as it does when the app runs embedded.
        using var app = new CrmApp(new DateOnly(2026, 6, 15), new Dictionary<string, string?> { ["Jobs:RunServer"] = "true" });
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.AddAsync(Lybunt.NewClient(managerId, "Mine Ltd", (2025, 4, 1, 1500m)));
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        (await admin.GetPageAsync("/Lybunt")).Document.QuerySelector("[data-testid=at-risk-count]")!.TextContent.Trim().Should().Be("0");

        var run = await admin.PostFormAsync("/Lybunt", new Dictionary<string, string>(), "/Lybunt?handler=Run");
        run.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var following = await admin.GetPageAsync(run.Location!);
        var card = following.Document.QuerySelector("[data-testid=flagging-progress]");
        card.Should().NotBeNull("the page follows the run it started instead of asking for a refresh");
        card!.QuerySelector("[role=progressbar]").Should().NotBeNull();

        JsonElement poll;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            poll = JsonDocument.Parse(await (await admin.GetAsync(card.GetAttribute("data-url")!)).Content.ReadAsStringAsync()).RootElement;
            if (poll.GetProperty("done").GetBoolean()) break;
            poll.GetProperty("text").GetString().Should().MatchRegex("^(Waiting to start|Running for)");
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        poll.GetProperty("state").GetString().Should().Be("Succeeded");
        poll.GetProperty("percent").GetInt32().Should().Be(100);

        var back = await admin.GetPageAsync(card.GetAttribute("data-done-url")!);
        back.Document.QuerySelector("[data-testid=flagging-progress]").Should().BeNull();
        back.Document.QuerySelector("[data-testid=flagging-done]")!.TextContent.Should().Contain("Flagging is done");
        back.Document.QuerySelector("[data-testid=at-risk-count]")!.TextContent.Trim().Should().Be("1");
    }

    [Theory]
    [InlineData("/Lybunt?flagging=x1")]
    [InlineData("/Lybunt?handler=Flagging&flagging=12345678")]
    public async Task A_run_that_does_not_exist_is_not_followed(string url)
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var response = await admin.GetAsync(url);
        if (url.Contains("handler", StringComparison.Ordinal))
            (await response.Content.ReadAsStringAsync()).Should().Contain("\"state\":\"Failed\"").And.Contain("\"done\":true");
        else
            (await admin.GetPageAsync(url)).Document.QuerySelector("[data-testid=flagging-progress]").Should().BeNull();
    }
}
