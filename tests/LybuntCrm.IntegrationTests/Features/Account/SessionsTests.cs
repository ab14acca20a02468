using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Account;

/// <summary>
/// Signed-in browsers: each sign-in is a session row named in the cookie; the profile lists them and signs out one or all
/// others, an admin ends all of a person's sessions, and an ended session's next request goes to sign-in.
/// </summary>
public sealed class SessionsTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);
    private const string WindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private const string IPhoneSafari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    [Fact]
    public async Task The_list_shows_each_signed_in_browser_and_marks_this_one()
    {
        using var app = new EmailApp(Start);
        await app.EnsureStandardUsersAsync();
        using var desk = await SignInAsync(app, CrmApp.ManagerEmail, WindowsChrome);
        using var phone = await SignInAsync(app, CrmApp.ManagerEmail, IPhoneSafari);
        using var other = await SignInAsync(app, CrmApp.OtherManagerEmail, WindowsChrome);

        var page = await desk.GetPageAsync("/Account/Sessions");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var rows = page.Document.QuerySelectorAll("[data-testid=sessions] tbody tr");
        rows.Should().HaveCount(2, "another person's session is not listed");
        rows[0].GetAttribute("data-session").Should().Be("current");
        rows[0].TextContent.Should().Contain("Chrome on Windows").And.Contain("This browser");
        rows[1].GetAttribute("data-session").Should().Be("other");
        rows[1].TextContent.Should().Contain("Mobile Safari on iOS");
        (await desk.GetPageAsync("/Account/Profile")).Document.QuerySelector("a[href='/Account/Sessions']").Should().NotBeNull();
    }

    [Fact]
    public async Task Signing_out_one_browser_sends_it_to_sign_in_at_its_next_request()
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var desk = await SignInAsync(app, CrmApp.ManagerEmail, WindowsChrome);
        using var phone = await SignInAsync(app, CrmApp.ManagerEmail, IPhoneSafari);
        (await phone.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);

        var phoneSession = await SessionIdAsync(app, managerId, IPhoneSafari);
        var ended = await desk.PostFormAsync("/Account/Sessions", new Dictionary<string, string> { ["id"] = phoneSession }, "/Account/Sessions?handler=End");
        ended.StatusCode.Should().Be(HttpStatusCode.Redirect);

        var refused = await phone.GetAsync("/Clients");
        refused.StatusCode.Should().Be(HttpStatusCode.Redirect);
        refused.Headers.Location!.ToString().Should().Contain("/Account/Login");
        (await desk.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        var row = await app.WithDbAsync(db => db.UserSessions.SingleAsync(s => s.Id == phoneSession));
        row.EndedReason.Should().Be(SessionEndReason.EndedByUser);
        row.EndedAtUtc.Should().Be(Start.UtcDateTime);
    }

    [Fact]
    public async Task Sign_out_everywhere_else_keeps_this_browser()
    {
        using var app = new EmailApp(Start);
        await app.EnsureStandardUsersAsync();
        using var desk = await SignInAsync(app, CrmApp.ManagerEmail, WindowsChrome);
        using var phone = await SignInAsync(app, CrmApp.ManagerEmail, IPhoneSafari);
        using var laptop = await SignInAsync(app, CrmApp.ManagerEmail, WindowsChrome);

        (await desk.PostFormAsync("/Account/Sessions", new Dictionary<string, string>(), "/Account/Sessions?handler=EndOthers"))
            .StatusCode.Should().Be(HttpStatusCode.Redirect);

        (await phone.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await laptop.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await desk.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        var rows = (await desk.GetPageAsync("/Account/Sessions")).Document.QuerySelectorAll("[data-testid=sessions] tbody tr");
        rows.Should().ContainSingle().Which.GetAttribute("data-session").Should().Be("current");
    }

    [Fact]
    public async Task A_person_cannot_end_another_persons_session_by_posting_its_id()
    {
        using var app = new EmailApp(Start);
        var (_, _, otherId) = await app.EnsureStandardUsersAsync();
        using var manager = await SignInAsync(app, CrmApp.ManagerEmail, WindowsChrome);
        using var other = await SignInAsync(app, CrmApp.OtherManagerEmail, IPhoneSafari);
        var otherSession = await SessionIdAsync(app, otherId, IPhoneSafari);

        var posted = await manager.PostFormAsync("/Account/Sessions", new Dictionary<string, string> { ["id"] = otherSession }, "/Account/Sessions?handler=End");
        posted.StatusCode.Should().Be(HttpStatusCode.Redirect);

        (await other.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.UserSessions.SingleAsync(s => s.Id == otherSession))).EndedAtUtc.Should().BeNull();
    }

    [Fact]
    public async Task An_admin_ends_all_of_a_persons_sessions()
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var admin = await SignInAsync(app, CrmApp.AdminEmail, WindowsChrome);
        using var desk = await SignInAsync(app, CrmApp.ManagerEmail, WindowsChrome);
        using var phone = await SignInAsync(app, CrmApp.ManagerEmail, IPhoneSafari);

        var edit = await admin.GetPageAsync($"/Admin/Users/Edit/{managerId}");
        edit.Document.QuerySelector("[data-testid=user-sessions]")!.TextContent.Should().Contain("Signed in on 2 browsers now.");
        var ended = await admin.PostFormAsync($"/Admin/Users/Edit/{managerId}", new Dictionary<string, string>(), $"/Admin/Users/Edit/{managerId}?handler=EndSessions");
        ended.StatusCode.Should().Be(HttpStatusCode.Redirect);

        (await desk.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await phone.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await admin.GetAsync("/Admin/Users")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "user.sessions_ended" && e.EntityId == managerId))).Should().BeTrue();
        (await app.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == managerId).Select(s => s.EndedReason).ToListAsync()))
            .Should().HaveCount(2).And.OnlyContain(r => r == SessionEndReason.EndedByAdmin);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_a_refreshed_sign_in_keeps_it()
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var desk = await SignInAsync(app, CrmApp.ManagerEmail, WindowsChrome);
        var session = await SessionIdAsync(app, managerId, WindowsChrome);

        // Saving the profile re-issues the cookie with the new name: the same session goes on.
        var saved = await desk.PostFormAsync("/Account/Profile", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "An N.",
            ["Input.TimeZoneId"] = "UTC",
            ["Input.WorkingDays"] = "Monday",
            ["Input.DigestEnabled"] = "true",
            ["Input.DigestHour"] = "7",
        });
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" ", saved.Errors));
        (await desk.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == managerId).Select(s => s.Id).ToListAsync())).Should().Equal(session);

        (await desk.PostFormAsync("/Clients", new Dictionary<string, string>(), "/Account/Logout")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.UserSessions.SingleAsync(s => s.Id == session))).EndedReason.Should().Be(SessionEndReason.SignedOut);
    }

    [Fact]
    public async Task Last_seen_is_written_at_most_once_a_minute()
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var desk = await SignInAsync(app, CrmApp.ManagerEmail, WindowsChrome);
        Task<DateTime> LastSeen() => app.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == managerId).Select(s => s.LastSeenAtUtc).SingleAsync());

        app.Time.Advance(TimeSpan.FromSeconds(40));
        (await desk.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await LastSeen()).Should().Be(Start.UtcDateTime);

        app.Time.Advance(TimeSpan.FromSeconds(30));
        (await desk.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await LastSeen()).Should().Be(Start.UtcDateTime.AddSeconds(70));
    }

    [Fact]
    public async Task Deactivation_marks_the_sessions_ended_and_old_rows_are_deleted_at_a_later_sign_in()
    {
        using var app = new EmailApp(Start);
        var (_, _, otherId) = await app.EnsureStandardUsersAsync();
        using var admin = await SignInAsync(app, CrmApp.AdminEmail, WindowsChrome);
        using var other = await SignInAsync(app, CrmApp.OtherManagerEmail, WindowsChrome);
        var saved = await admin.PostFormAsync($"/Admin/Users/Edit/{otherId}", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Tom Baker",
            ["Input.Role"] = Roles.AccountManager,
            ["Input.TimeZoneId"] = "UTC",
            ["Input.DailyCapacity"] = "8",
            ["Input.IsActive"] = "false",
        });
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" ", saved.Errors));
        (await app.WithDbAsync(db => db.UserSessions.SingleAsync(s => s.UserId == otherId))).EndedReason.Should().Be(SessionEndReason.AccountChanged);

        app.Time.Advance(TimeSpan.FromDays(31));
        using var later = await SignInAsync(app, CrmApp.ManagerEmail, IPhoneSafari);
        (await app.WithDbAsync(db => db.UserSessions.AnyAsync(s => s.UserId == otherId))).Should().BeFalse("rows ended more than 30 days ago are deleted");
    }

    private static async Task<Browser> SignInAsync(CrmApp app, string email, string userAgent)
    {
        var browser = app.NewBrowser();
        browser.Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        var response = await browser.LoginAsync(email, CrmApp.Password);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return browser;
    }

    private static Task<string> SessionIdAsync(CrmApp app, string userId, string userAgent) =>
        app.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == userId && s.UserAgent == userAgent && s.EndedAtUtc == null).Select(s => s.Id).SingleAsync());
}
