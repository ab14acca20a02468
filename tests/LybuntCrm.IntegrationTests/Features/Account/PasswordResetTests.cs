using System.Net;
using System.Text.RegularExpressions;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Account;

/// <summary>
/// "Forgot your password?" through the outbox: the link works once and for a limited time, the page never tells who has an
/// account, one address gets at most three links an hour, and a reset unlocks the account and signs out every browser.
/// </summary>
public sealed partial class PasswordResetTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);
    private const string NewPassword = "a-new-password-for-an";

    [Fact]
    public async Task The_reset_email_is_queued_in_the_users_language_and_its_link_sets_a_new_password()
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == managerId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "vi")));

        using var visitor = app.NewBrowser();
        var answer = await RequestLinkAsync(visitor, CrmApp.ManagerEmail);
        answer.Document.QuerySelector("[data-testid=reset-sent]").Should().NotBeNull();

        var email = (await ResetEmailsAsync(app)).Should().ContainSingle().Subject;
        email.Recipient.Should().Be(CrmApp.ManagerEmail);
        email.Status.Should().Be(EmailStatus.Pending);
        email.Subject.Should().Be("Đặt lại mật khẩu LybuntCrm của bạn");
        email.HtmlBody.Should().Contain("lang=\"vi\"");
        var link = LinkIn(email.TextBody);
        link.Should().StartWith("http://localhost:5051/Account/ResetPassword?id=");
        email.HtmlBody.Should().Contain(System.Net.WebUtility.HtmlEncode(link));

        var reset = await visitor.PostFormAsync(PathOf(link), Passwords(NewPassword));
        reset.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" ", reset.Errors));
        reset.Location.Should().Be("/Account/Login");

        using var withOld = app.NewBrowser();
        (await withOld.LoginAsync(CrmApp.ManagerEmail, CrmApp.Password)).StatusCode.Should().Be(HttpStatusCode.OK, "the old password no longer works");
        using var withNew = app.NewBrowser();
        (await withNew.LoginAsync(CrmApp.ManagerEmail, NewPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var actions = await app.WithDbAsync(db => db.AuditEvents.Where(e => e.EntityId == managerId).Select(e => e.Action).ToListAsync());
        actions.Should().Contain(["password.reset_requested", "password.reset"]);
    }

    [Fact]
    public async Task Unknown_and_inactive_addresses_get_the_same_answer_and_no_email()
    {
        using var app = new EmailApp(Start);
        var (_, _, otherId) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == otherId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        using var visitor = app.NewBrowser();

        var known = await RequestLinkAsync(visitor, CrmApp.ManagerEmail);
        var unknown = await RequestLinkAsync(visitor, "nobody@example.com");
        var inactive = await RequestLinkAsync(visitor, CrmApp.OtherManagerEmail);

        unknown.Text.Should().Be(known.Text);
        inactive.Text.Should().Be(known.Text);
        (await ResetEmailsAsync(app)).Select(e => e.Recipient).Should().Equal(CrmApp.ManagerEmail);
    }

    [Fact]
    public async Task A_link_works_once()
    {
        using var app = new EmailApp(Start);
        await app.EnsureStandardUsersAsync();
        using var visitor = app.NewBrowser();
        await RequestLinkAsync(visitor, CrmApp.ManagerEmail);
        var path = PathOf(LinkIn((await ResetEmailsAsync(app)).Single().TextBody));

        (await visitor.PostFormAsync(path, Passwords(NewPassword))).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var again = await visitor.GetPageAsync(path);
        again.Document.QuerySelector("[data-testid=reset-link-refused]").Should().NotBeNull("the password change renewed the security stamp");
        again.Document.QuerySelector("a[href='/Account/ForgotPassword']").Should().NotBeNull("the page offers a new link");
        again.Document.QuerySelector("input[name='Input.NewPassword']").Should().BeNull();
        var form = await visitor.GetPageAsync("/Account/ForgotPassword");
        var posted = await visitor.PostAsync(path, Passwords("yet-another-password"), form.AntiforgeryToken);
        posted.StatusCode.Should().Be(HttpStatusCode.OK);
        posted.Document.QuerySelector("[data-testid=reset-link-refused]").Should().NotBeNull();
        using var check = app.NewBrowser();
        (await check.LoginAsync(CrmApp.ManagerEmail, NewPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect, "the second post changed nothing");
    }

    [Fact]
    public async Task A_link_past_its_lifetime_is_refused()
    {
        using var app = new EmailApp(Start);
        await app.EnsureStandardUsersAsync();
        using (var visitor = app.NewBrowser()) await RequestLinkAsync(visitor, CrmApp.ManagerEmail);
        var path = PathOf(LinkIn((await ResetEmailsAsync(app)).Single().TextBody));

        // The same database opened by an app whose links live a millisecond: this link was made before that app started.
        using var later = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromMilliseconds(1))));
        using var late = new Browser(later.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        var page = await late.GetPageAsync(path);
        page.Document.QuerySelector("[data-testid=reset-link-refused]").Should().NotBeNull();
        (await late.PostFormAsync("/Account/Login", new Dictionary<string, string>(), path))
            .Document.QuerySelector("[data-testid=reset-link-refused]").Should().NotBeNull();

        // The app with the configured two hours still takes it.
        using var inTime = app.NewBrowser();
        (await inTime.GetPageAsync(path)).Document.QuerySelector("input[name='Input.NewPassword']").Should().NotBeNull();
    }

    [Fact]
    public async Task A_reset_unlocks_the_account_and_signs_out_every_other_browser()
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var open = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await open.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var visitor = app.NewBrowser();
        for (var i = 0; i < 5; i++) await visitor.LoginAsync(CrmApp.ManagerEmail, "a-wrong-password");
        (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == managerId))).LockoutEnd.Should().NotBeNull("five failures lock the account");

        await RequestLinkAsync(visitor, CrmApp.ManagerEmail);
        var reset = await visitor.PostFormAsync(PathOf(LinkIn((await ResetEmailsAsync(app)).Single().TextBody)), Passwords(NewPassword));
        reset.StatusCode.Should().Be(HttpStatusCode.Redirect);

        var refused = await open.GetAsync("/Clients");
        refused.StatusCode.Should().Be(HttpStatusCode.Redirect, "the other browser's session ended with the reset");
        refused.Headers.Location!.ToString().Should().Contain("/Account/Login");
        var sessions = await app.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == managerId).ToListAsync());
        sessions.Should().NotBeEmpty().And.OnlyContain(s => s.EndedReason == SessionEndReason.PasswordReset);
        using var again = app.NewBrowser();
        (await again.LoginAsync(CrmApp.ManagerEmail, NewPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect, "the reset ended the lockout");
    }

    [Fact]
    public async Task One_address_gets_at_most_three_links_an_hour_and_the_page_does_not_say()
    {
        using var app = new EmailApp(Start);
        await app.EnsureStandardUsersAsync();
        using var visitor = app.NewBrowser();
        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await RequestLinkAsync(visitor, CrmApp.ManagerEmail)).Text);
            app.Time.Advance(TimeSpan.FromMinutes(5));
        }
        answers.Distinct().Should().ContainSingle();
        (await ResetEmailsAsync(app)).Should().HaveCount(3);

        app.Time.Advance(TimeSpan.FromMinutes(46));
        await RequestLinkAsync(visitor, CrmApp.ManagerEmail);
        (await ResetEmailsAsync(app)).Should().HaveCount(4, "the first link is more than an hour old");
    }

    [Fact]
    public async Task A_link_for_an_account_deactivated_since_is_refused()
    {
        using var app = new EmailApp(Start);
        var (_, _, otherId) = await app.EnsureStandardUsersAsync();
        using var visitor = app.NewBrowser();
        await RequestLinkAsync(visitor, CrmApp.OtherManagerEmail);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == otherId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));

        var page = await visitor.GetPageAsync(PathOf(LinkIn((await ResetEmailsAsync(app)).Single().TextBody)));
        page.Document.QuerySelector("[data-testid=reset-link-refused]").Should().NotBeNull();
    }

    [Fact]
    public async Task A_new_password_must_meet_the_rules_and_match_its_repetition()
    {
        using var app = new EmailApp(Start);
        await app.EnsureStandardUsersAsync();
        using var visitor = app.NewBrowser();
        await RequestLinkAsync(visitor, CrmApp.ManagerEmail);
        var path = PathOf(LinkIn((await ResetEmailsAsync(app)).Single().TextBody));

        var tooShort = await visitor.PostFormAsync(path, Passwords("short"));
        tooShort.StatusCode.Should().Be(HttpStatusCode.OK);
        tooShort.Errors.Should().Contain("The password needs at least 10 characters.");
        var different = await visitor.PostFormAsync(path, new Dictionary<string, string>
        {
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword + "x",
        });
        different.Errors.Should().Contain("The two passwords are not the same.");
        (await visitor.PostFormAsync(path, Passwords(NewPassword))).StatusCode.Should().Be(HttpStatusCode.Redirect, "the link still works");
    }

    private static async Task<Page> RequestLinkAsync(Browser browser, string email)
    {
        var posted = await browser.PostFormAsync("/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });
        posted.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" ", posted.Errors));
        return await browser.GetPageAsync(posted.Location!);
    }

    private static Dictionary<string, string> Passwords(string password) => new()
    {
        ["Input.NewPassword"] = password,
        ["Input.ConfirmPassword"] = password,
    };

    private static Task<List<OutboundEmail>> ResetEmailsAsync(CrmApp app) => app.WithDbAsync(db => db.OutboundEmails.AsNoTracking()
        .Where(e => e.Kind.StartsWith(PasswordResetEmail.KindPrefix)).OrderBy(e => e.Id).ToListAsync());

    private static string LinkIn(string text) => ResetLink().Match(text) is { Success: true } m ? m.Value : throw new InvalidOperationException("No link in: " + text);

    private static string PathOf(string link) => new Uri(link).PathAndQuery;

    [GeneratedRegex(@"http://\S+/Account/ResetPassword\?\S+")]
    private static partial Regex ResetLink();
}
