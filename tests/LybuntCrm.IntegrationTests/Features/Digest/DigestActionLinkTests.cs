using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Features.Today;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Digest;

/// <summary>The one-click links under each follow-up of the daily digest and the confirmation page they open.</summary>
public sealed partial class DigestActionLinkTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly DateTimeOffset EightUtc = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);

    private sealed record Link(string Label, string Path);

    private sealed record Setup(EmailApp App, string ManagerId, string OtherManagerId, int ClientId, int FollowUpId, IReadOnlyList<Link> Links)
    {
        public string PathOf(string label) => Links.Single(l => l.Label == label).Path;
    }

    /// <summary>An's client Acme is due a check-in today; the digest is written and its links read from the text part.</summary>
    private static async Task<Setup> SetUpAsync()
    {
        var app = new EmailApp(EightUtc);
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, an, "Acme Florists", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        var followUpId = await app.WithDbAsync(db => db.FollowUps.Where(f => f.ClientId == clientId && f.Status == FollowUpStatus.Open)
            .Select(f => f.Id).SingleAsync());
        await app.RunJobAsync(DailyDigestJob.JobId);
        var mail = (await app.OutboxAsync()).Single(e => e.Recipient == CrmApp.ManagerEmail);
        return new Setup(app, an, tom, clientId, followUpId, TextLinks(mail.TextBody));
    }

    private static List<Link> TextLinks(string text) => text.Split('\n').Select(l => l.Trim())
        .Where(l => l.Contains("/Act/", StringComparison.Ordinal))
        .Select(l => new Link(l[..l.IndexOf(": http", StringComparison.Ordinal)], new Uri(l[(l.IndexOf(": http", StringComparison.Ordinal) + 2)..]).PathAndQuery))
        .ToList();

    private static Task<(FollowUp FollowUp, int Touches, int Uses)> StateAsync(Setup s) => s.App.WithDbAsync(async db => (
        await db.FollowUps.AsNoTracking().SingleAsync(f => f.Id == s.FollowUpId),
        await db.Touchpoints.CountAsync(t => t.ClientId == s.ClientId && t.OccurredOn == Today),
        await db.ActionLinkUses.CountAsync()));

    private static async Task ShouldBeUnchangedAsync(Setup s)
    {
        var (followUp, touches, uses) = await StateAsync(s);
        followUp.Status.Should().Be(FollowUpStatus.Open);
        touches.Should().Be(0);
        uses.Should().Be(0);
    }

    /// <summary>The antiforgery token a signed-in browser would post with (any page's form carries it).</summary>
    private static async Task<string> FormTokenAsync(Browser browser) => (await browser.GetPageAsync("/Today")).AntiforgeryToken!;

    [Fact]
    public async Task Every_follow_up_in_the_digest_carries_the_same_three_links_in_the_html_and_the_text()
    {
        using var app = new EmailApp(EightUtc);
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == tom).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "vi")));
        var acme = await TodaySeed.ClientAsync(app, an, "Acme Florists", lastContactDaysAgo: 130);
        var bravo = await TodaySeed.ClientAsync(app, an, "Bravo Bakery", lastContactDaysAgo: 125);
        await TodaySeed.ClientAsync(app, tom, "Tom's Timber", lastContactDaysAgo: 140);
        await TodaySeed.RunCheckInsAsync(app);
        await app.RunJobAsync(DailyDigestJob.JobId);

        var mail = (await app.OutboxAsync()).Single(e => e.Recipient == CrmApp.ManagerEmail);
        var text = TextLinks(mail.TextBody);
        text.Select(l => l.Label).Should().Equal("Reached", "No answer", "Snooze 3 days", "Reached", "No answer", "Snooze 3 days");
        text.Select(l => l.Path).Should().OnlyHaveUniqueItems("every link has its own id");
        foreach (var link in text)
        {
            var token = link.Path["/Act/".Length..];
            UrlSafe().IsMatch(token).Should().BeTrue(token);
            link.Path.Length.Should().BeLessThan(250, "mail clients keep short links whole");
        }

        var html = new HtmlParser().ParseDocument(mail.HtmlBody);
        var groups = html.QuerySelectorAll("[data-action-links]");
        groups.Should().HaveCount(2);
        var htmlLinks = groups.SelectMany(g => g.QuerySelectorAll("a"))
            .Select(a => new Link(a.TextContent, new Uri(a.GetAttribute("href")!).PathAndQuery)).ToList();
        htmlLinks.Should().Equal(text, "the two parts carry the same links, so each action works once, not once per part");

        var followUps = await app.WithDbAsync(db => db.FollowUps.Where(f => f.ClientId == acme || f.ClientId == bravo).Select(f => f.Id).ToListAsync());
        var signed = await app.WithServicesAsync(sp => Task.FromResult(text.Select(l => sp.GetRequiredService<ActionLinks>().Read(l.Path["/Act/".Length..])!).ToList()));
        signed.Select(l => l.FollowUpId).Distinct().Should().BeEquivalentTo(followUps);
        signed.Select(l => l.Action).Should().Equal(LinkAction.Reached, LinkAction.NoAnswer, LinkAction.Snooze, LinkAction.Reached, LinkAction.NoAnswer, LinkAction.Snooze);
        signed.Should().OnlyContain(l => l.UserId == an && l.ExpiresAtUtc == EightUtc.UtcDateTime.AddDays(ActionLinks.ValidDays));

        var toms = (await app.OutboxAsync()).Single(e => e.Recipient == CrmApp.OtherManagerEmail);
        TextLinks(toms.TextBody).Select(l => l.Label).Should().Equal("Đã liên lạc được", "Không nghe máy", "Tạm hoãn 3 ngày");
    }

    [Fact]
    public async Task An_occasion_coming_up_carries_the_links_too_and_reached_closes_it()
    {
        using var app = new EmailApp(EightUtc);
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, an, "Cedar Events", lastContactDaysAgo: 10);
        var occasionId = await app.WithDbAsync(async db =>
        {
            var occasion = new FollowUp
            {
                ClientId = clientId,
                AssigneeId = an,
                Kind = FollowUpKind.Occasion,
                DueOn = Today.AddDays(3),
                PlannedOn = Today.AddDays(3),
                Reason = "Lan's birthday",
                SourceKey = "occasion:birthday:test:2026",
                CreatedAtUtc = EightUtc.UtcDateTime,
            };
            db.FollowUps.Add(occasion);
            await db.SaveChangesAsync();
            return occasion.Id;
        });
        await app.RunJobAsync(DailyDigestJob.JobId);

        var mail = (await app.OutboxAsync()).Single(e => e.Recipient == CrmApp.ManagerEmail);
        var text = TextLinks(mail.TextBody);
        text.Select(l => l.Label).Should().Equal("Reached", "No answer", "Snooze 3 days");
        var html = new HtmlParser().ParseDocument(mail.HtmlBody).QuerySelectorAll("[data-action-links] a")
            .Select(a => new Link(a.TextContent, new Uri(a.GetAttribute("href")!).PathAndQuery)).ToList();
        html.Should().Equal(text);

        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await browser.PostFormAsync(text[0].Path, new Dictionary<string, string>())).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.Id == occasionId))).Status.Should().Be(FollowUpStatus.Done);
    }

    [Fact]
    public async Task Opening_a_link_changes_nothing_and_its_button_logs_the_touch_as_Todays_button_does()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        using var an = await app.SignedInAsync(CrmApp.ManagerEmail);
        var path = s.PathOf("Reached");

        var confirm = await an.GetPageAsync(path);
        confirm.StatusCode.Should().Be(HttpStatusCode.OK);
        confirm.Text.Should().Contain("Log that you reached Acme Florists?").And.Contain("Log a touch: reached");
        confirm.Document.QuerySelector("form[method=post] [data-testid=act-button]").Should().NotBeNull();
        (await an.GetPageAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK, "a scanner may open it again and again");
        await ShouldBeUnchangedAsync(s);

        var done = await an.PostFormAsync(path, new Dictionary<string, string>());
        done.StatusCode.Should().Be(HttpStatusCode.OK);
        done.Document.QuerySelector("[data-testid=act-done]").Should().NotBeNull();
        done.Text.Should().Contain("Next check-in with Acme Florists");
        done.Document.QuerySelector("[data-testid=act-done] a")!.GetAttribute("href").Should().Be("/Today");

        var (followUp, touches, uses) = await StateAsync(s);
        followUp.Status.Should().Be(FollowUpStatus.Done, "a reached touch closes the check-in, as on Today");
        touches.Should().Be(1);
        uses.Should().Be(1);
        var touch = await app.WithDbAsync(db => db.Touchpoints.AsNoTracking().Where(t => t.ClientId == s.ClientId).OrderByDescending(t => t.Id).FirstAsync());
        touch.Outcome.Should().Be(TouchpointOutcome.Reached);
        touch.Channel.Should().Be(Channel.Phone, "the channel Today's quick button posts: the client's");
        touch.Direction.Should().Be(Direction.Outbound);
        touch.UserId.Should().Be(s.ManagerId);
        var client = await app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == s.ClientId));
        client.NextCheckInOn.Should().BeAfter(Today);

        var today = await an.GetPageAsync("/Today");
        today.Document.QuerySelector($"[data-testid=follow-up][data-id='{s.FollowUpId}']").Should().BeNull("the result shows on Today at once");

        // The same link again: refused, and nothing more logged.
        var again = await an.PostAsync(path, new Dictionary<string, string>(), await FormTokenAsync(an));
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        again.Text.Should().Contain("This link was already used").And.Contain("Nothing was changed.");
        (await an.GetPageAsync(path)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await StateAsync(s)).Touches.Should().Be(1);

        // Its sibling links now point at a closed follow-up.
        var noAnswer = await an.GetPageAsync(s.PathOf("No answer"));
        noAnswer.StatusCode.Should().Be(HttpStatusCode.Conflict);
        noAnswer.Text.Should().Contain("This follow-up is already closed");
    }

    [Fact]
    public async Task No_answer_and_snooze_do_what_Todays_buttons_do()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        using var an = await app.SignedInAsync(CrmApp.ManagerEmail);

        var snooze = await an.GetPageAsync(s.PathOf("Snooze 3 days"));
        snooze.StatusCode.Should().Be(HttpStatusCode.OK);
        snooze.Text.Should().Contain("Snooze the follow-up with Acme Florists until");
        (await an.PostFormAsync(s.PathOf("Snooze 3 days"), new Dictionary<string, string>())).Text.Should().Contain("Snoozed until");
        var (followUp, touches, _) = await StateAsync(s);
        followUp.Status.Should().Be(FollowUpStatus.Snoozed);
        followUp.SnoozedUntil.Should().Be(Today.AddDays(FollowUpActions.QuickSnoozeDays));
        followUp.PlannedOn.Should().BeOnOrAfter(Today.AddDays(FollowUpActions.QuickSnoozeDays));
        touches.Should().Be(0);

        var done = await an.PostFormAsync(s.PathOf("No answer"), new Dictionary<string, string>());
        done.StatusCode.Should().Be(HttpStatusCode.OK, "a snoozed follow-up can still be logged, as on Today");
        done.Text.Should().Contain("Nobody reached: Acme Florists is back on your list");
        (followUp, touches, _) = await StateAsync(s);
        touches.Should().Be(1);
        followUp.Status.Should().Be(FollowUpStatus.Snoozed);
        followUp.SnoozedUntil.Should().Be(Today.AddDays(CheckInSchedule.RetryDays), "nobody reached: the check-in comes back for a retry");
        (await app.WithDbAsync(db => db.ActionLinkUses.CountAsync())).Should().Be(2);
    }

    [Fact]
    public async Task An_expired_link_is_refused_and_changes_nothing()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        var path = s.PathOf("Reached");

        app.Time.Advance(TimeSpan.FromDays(ActionLinks.ValidDays) - TimeSpan.FromMinutes(1));
        using (var an = await app.SignedInAsync(CrmApp.ManagerEmail))
            (await an.GetPageAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK, "the link works for seven days");

        app.Time.Advance(TimeSpan.FromMinutes(2));
        using (var an = await app.SignedInAsync(CrmApp.ManagerEmail))
        {
            var page = await an.GetPageAsync(path);
            page.StatusCode.Should().Be(HttpStatusCode.Gone);
            page.Text.Should().Contain("This link has expired").And.Contain("Links in the daily email work for 7 days.");
            page.Document.QuerySelector("[data-testid=act-refused] a")!.GetAttribute("href").Should().Be("/Today");
            var post = await an.PostAsync(path, new Dictionary<string, string>(), await FormTokenAsync(an));
            post.StatusCode.Should().Be(HttpStatusCode.Gone);
        }
        await ShouldBeUnchangedAsync(s);
    }

    [Fact]
    public async Task A_tampered_or_made_up_link_is_refused_and_changes_nothing()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        using var an = await app.SignedInAsync(CrmApp.ManagerEmail);
        var path = s.PathOf("Reached");
        var middle = path.Length / 2;
        var tampered = path[..middle] + (path[middle] == 'A' ? 'B' : 'A') + path[(middle + 1)..];
        // The same fields for another follow-up cannot be signed without the key: a token from the turn-off link's purpose is not one.
        var otherPurpose = "/Act/" + await app.WithServicesAsync(sp => Task.FromResult(sp.GetRequiredService<DigestLinks>().Token(s.ManagerId)));
        var token = await FormTokenAsync(an);

        foreach (var url in new[] { tampered, path[..^6], "/Act/hello", "/Act/" + new string('A', 2000), otherPurpose })
        {
            var page = await an.GetPageAsync(url);
            page.StatusCode.Should().Be(HttpStatusCode.NotFound, url);
            page.Text.Should().Contain("This link does not work").And.Contain("Nothing was changed.");
            (await an.PostAsync(url, new Dictionary<string, string>(), token)).StatusCode.Should().Be(HttpStatusCode.NotFound, url);
        }
        await ShouldBeUnchangedAsync(s);
    }

    [Fact]
    public async Task Another_users_link_is_refused_without_showing_their_client()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        using var tom = await app.SignedInAsync(CrmApp.OtherManagerEmail);
        var path = s.PathOf("Reached");

        var page = await tom.GetPageAsync(path);
        page.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        page.Text.Should().Contain("This link is for someone else").And.NotContain("Acme Florists");
        (await tom.PostAsync(path, new Dictionary<string, string>(), await FormTokenAsync(tom))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // An admin may act on anyone's follow-up from Today, but a link still belongs to the person it was sent to.
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        (await admin.PostAsync(path, new Dictionary<string, string>(), await FormTokenAsync(admin))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await ShouldBeUnchangedAsync(s);
    }

    [Fact]
    public async Task The_post_needs_the_antiforgery_token_and_a_signed_in_user()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        var path = s.PathOf("Reached");

        using var visitor = app.NewBrowser();
        var anonymous = await visitor.GetAsync(path);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.ToString().Should().Contain("/Account/Login").And.Contain(Uri.EscapeDataString(path));

        using var an = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await an.PostAsync(path, new Dictionary<string, string>(), token: null)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await ShouldBeUnchangedAsync(s);
    }

    [Fact]
    public async Task A_follow_up_closed_elsewhere_is_refused_with_a_clear_page()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        using var an = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await an.PostFormAsync("/Today", new Dictionary<string, string> { ["reason"] = "Moved abroad" }, $"/Today?handler=Dismiss&id={s.FollowUpId}"))
            .StatusCode.Should().Be(HttpStatusCode.Redirect);

        var page = await an.GetPageAsync(s.PathOf("Reached"));
        page.StatusCode.Should().Be(HttpStatusCode.Conflict);
        page.Text.Should().Contain("This follow-up is already closed").And.Contain("Acme Florists");
        (await an.PostAsync(s.PathOf("Reached"), new Dictionary<string, string>(), await FormTokenAsync(an))).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await StateAsync(s)).Should().Match<(FollowUp FollowUp, int Touches, int Uses)>(x => x.FollowUp.Status == FollowUpStatus.Dismissed && x.Touches == 0 && x.Uses == 0);
    }

    [Fact]
    public async Task Two_taps_at_once_log_one_touch()
    {
        var s = await SetUpAsync();
        using var app = s.App;
        using var an = await app.SignedInAsync(CrmApp.ManagerEmail);
        var path = s.PathOf("No answer");
        var token = await FormTokenAsync(an);

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => an.PostAsync(path, new Dictionary<string, string>(), token)));

        results.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        var (_, touches, uses) = await StateAsync(s);
        touches.Should().Be(1);
        uses.Should().Be(1);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex UrlSafe();
}
