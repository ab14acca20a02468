using System.Text.RegularExpressions;
using LybuntCrm.IntegrationTests.Features.Lybunt;
using LybuntCrm.IntegrationTests.Features.Prospects;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Features.Prospects;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Today;

/// <summary>
/// The reasons the nightly jobs write are shown in the reader's language, digits and calendar — on Today, in the digest
/// and in the calendar feed — not as the English sentence with ISO dates the jobs used to store.
/// </summary>
public sealed partial class FollowUpReasonTests
{
    private static readonly DateTimeOffset EightUtc = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);
    private const string Token = "persian-calendar-token-0123456789abcdef";

    [GeneratedRegex(@"\b20\d\d-\d\d-\d\d\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex("[A-Za-z0-9]")]
    private static partial Regex LatinLetterOrDigit();

    private static readonly string[] EnglishPhrases =
        ["Bought", "last year", "check-in", "Birthday", "as a client", "Prospect review", "postponements", "Revisit", "June"];

    /// <summary>For one manager: a LYBUNT client, an overdue check-in, a birthday and a customer-since anniversary next week,
    /// a prospect that keeps postponing and one whose revisit date (10 June) has come. Names are in the manager's language.</summary>
    private static async Task ArrangeAsync(EmailApp app, string managerId, string lapsed, string overdue, string family, string busy, string revisit)
    {
        await app.AddAsync(Features.Lybunt.Lybunt.NewClient(managerId, lapsed, (2025, 3, 1, 1000m), (2025, 9, 1, 234.5m)));
        await TodaySeed.ClientAsync(app, managerId, overdue, lastContactDaysAgo: 160);
        await TodaySeed.ClientAsync(app, managerId, family, lastContactDaysAgo: 10, configure: c =>
        {
            c.Contacts[0].Name = family;
            c.Contacts[0].BirthdayDay = 20;
            c.Contacts[0].BirthdayMonth = 6;
            c.Purchases.Add(new Purchase { Date = new DateOnly(2021, 6, 19), Amount = 100 });
        });
        await app.AddDelayingProspectAsync(managerId, busy);
        await app.AddProspectAsync(managerId, revisit, knownForDays: 30, configure: c => c.RevisitOn = new DateOnly(2026, 6, 10));
    }

    private static async Task<EmailApp> ArrangeManagersAsync()
    {
        var app = new EmailApp(EightUtc);
        await app.EnsureStandardUsersAsync();
        var reza = await app.EnsureUserAsync("reza@example.com", Roles.AccountManager, "رضا احمدی");
        var linh = await app.EnsureUserAsync("linh@example.com", Roles.AccountManager, "Trần Thị Linh");
        await app.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Id == reza).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.Culture, "fa").SetProperty(u => u.UseSolarHijri, true).SetProperty(u => u.CalendarToken, Token));
            await db.Users.Where(u => u.Id == linh).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "vi"));
            await db.Users.Where(u => u.Email == CrmApp.ManagerEmail || u.Email == CrmApp.OtherManagerEmail)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.DigestEnabled, false));
        });
        await ArrangeAsync(app, reza, "شرکت دیرین", "شرکت تماس", "مریم", "شرکت پرمشغله", "شرکت بازنگری");
        await ArrangeAsync(app, linh, "Công ty Cũ", "Công ty Gọi", "Chị Hoa", "Công ty Bận", "Công ty Xem Lại");

        foreach (var job in new[] { LybuntFlagJob.JobId, CheckInScheduleJob.JobId, OccasionScheduleJob.JobId, ProspectReviewJob.JobId })
            await app.RunJobAsync(job);
        return app;
    }

    private static async Task<List<string>> ReasonsOnTodayAsync(CrmApp app, string email)
    {
        using var browser = app.NewBrowser();
        (await browser.LoginAsync(email, CrmApp.Password)).StatusCode.Should().Be(System.Net.HttpStatusCode.Redirect);
        var today = await browser.GetPageAsync("/Today");
        return today.Document.QuerySelectorAll("[data-testid=reason]").Select(e => e.TextContent.Trim()).ToList();
    }

    [Fact]
    public async Task Persian_and_Vietnamese_managers_see_the_jobs_reasons_in_their_language_digits_and_calendar()
    {
        using var app = await ArrangeManagersAsync();
        var codes = await app.WithDbAsync(db => db.FollowUps.Select(f => f.ReasonCode).Distinct().ToListAsync());
        codes.Should().BeEquivalentTo(new[]
        {
            FollowUpReasons.WinBack, FollowUpReasons.CheckIn, FollowUpReasons.Birthday, FollowUpReasons.CustomerSince,
            FollowUpReasons.ProspectReview, FollowUpReasons.Revisit,
        }, "every job wrote a coded reason");
        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.Reason != "")))
            .Should().Be(0, "system reasons are not stored as English text");

        // Persian, Solar Hijri: 20 June 2026 is 30 Khordad 1405, 19 June is 29 Khordad, 10 June is 20 Khordad.
        var persian = await ReasonsOnTodayAsync(app, "reza@example.com");
        persian.Should().Contain([
            "پارسال ۱٬۲۳۴٫۵۰ خرید کرد، امسال هنوز خریدی نکرده",
            "تماس دوره‌ای",
            $"تولد {Bidi.Isolate("مریم")} در ۳۰ خرداد",
            "۵ سال مشتری بودن در ۲۹ خرداد",
            "بررسی مشتری بالقوه: ۳ تعویق یا غیبت در ۱۸۰ روز",
            "بازنگری این مشتری بالقوه، طبق تصمیم برای ۲۰ خرداد ۱۴۰۵.",
        ]);
        persian.Should().OnlyContain(r => !LatinLetterOrDigit().IsMatch(r), "no English words and no Latin digits in a Persian reason");

        var vietnamese = await ReasonsOnTodayAsync(app, "linh@example.com");
        vietnamese.Should().Contain([
            "Năm ngoái mua 1.234,50, năm nay chưa mua gì",
            "Liên hệ định kỳ",
            $"Sinh nhật của {Bidi.Isolate("Chị Hoa")} vào 20 tháng 6",
            "Tròn 5 năm là khách hàng vào 19 tháng 6",
            "Xem xét khách hàng tiềm năng: 3 lần hoãn hoặc vắng mặt trong 180 ngày",
            "Xem lại khách hàng tiềm năng này như đã hẹn vào 10 thg 6, 2026.",
        ]);
        vietnamese.Should().OnlyContain(r => !IsoDate().IsMatch(r) && !EnglishPhrases.Any(p => r.Contains(p, StringComparison.Ordinal)));

        // An English reader still reads the sentences the jobs used to store.
        var english = (await app.WithDbAsync(db => db.FollowUps.AsNoTracking().Include(f => f.Assignee)
            .Where(f => f.Assignee!.Email == "linh@example.com").ToListAsync())).Select(f => app.Reason(f)).ToList();
        english.Should().Contain("Bought 1,234.50 last year, nothing yet this year").And.Contain("Regular check-in")
            .And.Contain($"Birthday of {Bidi.Isolate("Chị Hoa")} on 20 June").And.Contain("5 years as a client on 19 June")
            .And.Contain("Prospect review: 3 postponements or no-shows in 180 days")
            .And.Contain("Revisit this prospect, as decided for 10 Jun 2026.");
    }

    [Fact]
    public async Task The_Persian_digest_and_calendar_feed_give_the_reasons_in_Persian()
    {
        using var app = await ArrangeManagersAsync();

        await app.RunJobAsync(DailyDigestJob.JobId);
        var digest = (await app.OutboxAsync()).Single(e => e.Recipient == "reza@example.com");
        foreach (var body in new[] { digest.TextBody, digest.HtmlBody })
        {
            body.Should().Contain($"تولد {Bidi.Isolate("مریم")} در ۳۰ خرداد").And.Contain("۵ سال مشتری بودن در ۲۹ خرداد")
                .And.Contain("بررسی مشتری بالقوه: ۳ تعویق یا غیبت در ۱۸۰ روز")
                .And.Contain("بازنگری این مشتری بالقوه، طبق تصمیم برای ۲۰ خرداد ۱۴۰۵.");
            body.Should().NotContain("2026-06-10");
            foreach (var phrase in EnglishPhrases) body.Should().NotContain(phrase);
        }

        using var anonymous = app.NewBrowser();
        var feed = await anonymous.GetPageAsync($"/calendar/{Token}.ics");
        var ics = feed.Html.Replace("\r\n ", "", StringComparison.Ordinal);
        ics.Should().Contain("بررسی مشتری بالقوه: ۳ تعویق یا غیبت در ۱۸۰ روز").And.Contain("موعد ۲۰ خرداد ۱۴۰۵")
            .And.Contain("DTSTART;VALUE=DATE:2026", "the calendar's own dates stay ISO");
        foreach (var phrase in EnglishPhrases) ics.Should().NotContain(phrase);
    }

    [Fact]
    public void Reasons_stored_as_text_are_shown_as_stored_and_closing_reasons_are_translated()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var legacy = new FollowUp { Reason = "Bought 8,000 last year", ClosedReason = "Met at the fair" };
        var setAside = new FollowUp
        {
            ReasonCode = FollowUpReasons.Revisit,
            ReasonArgs = FollowUpReasons.Args("2026-06-10"),
            ClosedReasonCode = FollowUpReasons.SetAside,
            ClosedReasonArgs = FollowUpReasons.Args("2026-09-01"),
        };
        var unknown = new FollowUp { Reason = "Kept for older versions", ReasonCode = "from-the-future" };

        app.Reason(legacy, "fa", solarHijri: true).Should().Be("Bought 8,000 last year");
        app.ClosedReason(legacy, "fa").Should().Be("Met at the fair");
        app.Reason(setAside, "fa", solarHijri: true).Should().Be("بازنگری این مشتری بالقوه، طبق تصمیم برای ۲۰ خرداد ۱۴۰۵.");
        app.ClosedReason(setAside).Should().Be("Set aside until 1 Sep 2026");
        app.Reason(unknown, "vi").Should().Be("Kept for older versions", "a code this version does not know falls back to the text");
    }
}
