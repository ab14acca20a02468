using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Prospects;

public sealed class ProspectReviewTests
{
    [Fact]
    public async Task Review_job_gives_each_flagged_prospect_one_follow_up_a_week_for_its_owner()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var busy = await app.AddDelayingProspectAsync(an);
        var fine = await app.AddProspectAsync(an, "Quiet Calm Co", knownForDays: 10);
        var gone = await app.AddDelayingProspectAsync(an, "Already Disqualified");
        await app.WithDbAsync(db => db.Clients.Where(c => c.Id == gone).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ClientStatus.Disqualified)));

        var first = await app.RunReviewJobAsync();
        var second = await app.RunReviewJobAsync();

        first.Created.Should().Be(1);
        second.Created.Should().Be(0, "the job is idempotent per prospect per week");
        var followUps = await app.WithDbAsync(db => db.FollowUps.ToListAsync());
        var review = followUps.Should().ContainSingle().Subject;
        review.ClientId.Should().Be(busy);
        review.AssigneeId.Should().Be(an);
        review.Kind.Should().Be(FollowUpKind.ProspectReview);
        review.SourceKey.Should().Be($"review:{busy}:2026-W25");
        app.Reason(review).Should().Contain("3 postponements or no-shows");
        followUps.Should().NotContain(f => f.ClientId == fine || f.ClientId == gone);
    }

    [Fact]
    public async Task Review_page_shows_each_signal_with_the_touchpoints_that_prove_it()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var id = await app.AddDelayingProspectAsync(an);
        await app.AddTouchAsync(id, an, 3, TouchpointOutcome.Declined, Direction.Inbound, disrespectful: true);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync($"/Prospects/Review/{id}");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var signals = page.Document.QuerySelectorAll("[data-testid=signal]");
        signals.Select(s => s.GetAttribute("data-kind")).Should().BeEquivalentTo(["AlwaysDelaying", "Abusive"]);
        var delaying = signals.Single(s => s.GetAttribute("data-kind") == "AlwaysDelaying");
        delaying.QuerySelectorAll("[data-testid=evidence] tbody tr").Should().HaveCount(3);
        delaying.TextContent.Should().Contain("Postponed 30 days ago").And.Contain("NoShow 20 days ago");
        signals.Single(s => s.GetAttribute("data-kind") == "Abusive").TextContent.Should().Contain("Declined 3 days ago");
    }

    [Fact]
    public async Task Keep_pursuing_silences_the_signals_found_for_30_days_but_not_new_ones()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var id = await app.AddDelayingProspectAsync(an);
        (await app.RunReviewJobAsync()).Created.Should().Be(1);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var done = await browser.PostFormAsync($"/Prospects/Review/{id}", ProspectArrange.Decision(ReviewDecision.KeepPursuing, note: "They are moving offices; worth it."));

        done.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", done.Errors));
        var review = await app.WithDbAsync(db => db.ProspectReviews.SingleAsync());
        review.Decision.Should().Be(ReviewDecision.KeepPursuing);
        review.SilencedUntil.Should().Be(app.Today.AddDays(30));
        review.SignalsJson.Should().Contain("AlwaysDelaying");
        (await app.WithDbAsync(db => db.FollowUps.SingleAsync())).Status.Should().Be(FollowUpStatus.Done);

        // Next week (the week's key is cleared here): the silenced signal raises nothing ...
        await app.WithDbAsync(db => db.FollowUps.ExecuteDeleteAsync());
        (await app.RunReviewJobAsync()).Created.Should().Be(0);
        // ... but a new kind of red flag does.
        await app.AddTouchAsync(id, an, 1, TouchpointOutcome.Reached, Direction.Inbound, disrespectful: true);
        (await app.RunReviewJobAsync()).Created.Should().Be(1);
        app.Reason(await app.WithDbAsync(db => db.FollowUps.SingleAsync())).Should().Contain("disrespectful").And.NotContain("postponements");
    }

    [Fact]
    public async Task Silence_ends_after_30_days()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var id = await app.AddDelayingProspectAsync(an);
        using (var browser = await app.SignedInAsync(CrmApp.ManagerEmail))
            await browser.PostFormAsync($"/Prospects/Review/{id}", ProspectArrange.Decision(ReviewDecision.KeepPursuing));

        // 31 days later the same postponements (still within 180 days) raise a review again.
        using var later = new CrmApp(app.Today.AddDays(31), app.SameDatabase());
        (await later.RunReviewJobAsync()).Created.Should().Be(1);
    }

    [Fact]
    public async Task Disqualifying_dismisses_open_follow_ups_and_takes_the_prospect_out_of_every_schedule()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var id = await app.AddDelayingProspectAsync(an);
        await app.AddFollowUpAsync(id, an, FollowUpKind.CheckIn, $"checkin:{id}:1");
        await app.RunReviewJobAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var done = await browser.PostFormAsync($"/Prospects/Review/{id}", ProspectArrange.Decision(ReviewDecision.Disqualify, DisqualifyReason.AlwaysDelaying));

        done.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", done.Errors));
        var client = await app.WithDbAsync(db => db.Clients.SingleAsync(c => c.Id == id));
        client.Status.Should().Be(ClientStatus.Disqualified);
        client.NextCheckInOn.Should().BeNull();
        var followUps = await app.WithDbAsync(db => db.FollowUps.ToListAsync());
        followUps.Should().HaveCount(2).And.OnlyContain(f => f.Status == FollowUpStatus.Dismissed);

        await app.WithDbAsync(db => db.FollowUps.ExecuteDeleteAsync());
        (await app.RunReviewJobAsync()).Created.Should().Be(0, "a disqualified prospect leaves the reviews too");

        var report = await browser.GetPageAsync("/Prospects/Disqualified");
        var row = report.Document.QuerySelector("[data-testid=disqualified] tbody tr")!;
        row.TextContent.Should().Contain("Busy Bee Ltd").And.Contain("Always delaying").And.Contain("300.00").And.Contain("60");
        (await app.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "prospect.reviewed" && e.EntityId == id.ToString()))).Should().BeTrue();
    }

    [Fact]
    public async Task Disqualifying_needs_a_reason_and_other_needs_a_note()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var id = await app.AddDelayingProspectAsync(an);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var noReason = await browser.PostFormAsync($"/Prospects/Review/{id}", ProspectArrange.Decision(ReviewDecision.Disqualify));
        noReason.StatusCode.Should().Be(HttpStatusCode.OK);
        noReason.Errors.Should().Contain("Choose the reason for disqualifying.");

        var other = await browser.PostFormAsync($"/Prospects/Review/{id}", ProspectArrange.Decision(ReviewDecision.Disqualify, DisqualifyReason.Other, note: "  "));
        other.Errors.Should().Contain("Explain the reason in a note when it is \"other\".");

        var noDecision = await browser.PostFormAsync($"/Prospects/Review/{id}", new Dictionary<string, string>());
        noDecision.Errors.Should().Contain("Choose a decision.");

        (await app.WithDbAsync(db => db.Clients.SingleAsync(c => c.Id == id))).Status.Should().Be(ClientStatus.Prospect);
        (await app.WithDbAsync(db => db.ProspectReviews.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Revisit_sets_the_prospect_aside_until_the_date_and_the_review_job_brings_it_back()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var id = await app.AddDelayingProspectAsync(an);
        await app.AddFollowUpAsync(id, an, FollowUpKind.CheckIn, $"checkin:{id}:1");
        var revisitOn = new DateOnly(2026, 9, 1);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var past = await browser.PostFormAsync($"/Prospects/Review/{id}", ProspectArrange.Decision(ReviewDecision.Revisit, revisitOn: app.Today));
        past.Errors.Should().Contain("The revisit date must be after today.");

        var done = await browser.PostFormAsync($"/Prospects/Review/{id}", ProspectArrange.Decision(ReviewDecision.Revisit, revisitOn: revisitOn));
        done.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", done.Errors));
        var client = await app.WithDbAsync(db => db.Clients.SingleAsync(c => c.Id == id));
        client.RevisitOn.Should().Be(revisitOn);
        client.NextCheckInOn.Should().BeOnOrAfter(revisitOn, "no check-in falls due while the prospect is set aside");
        (await app.WithDbAsync(db => db.FollowUps.SingleAsync())).Status.Should().Be(FollowUpStatus.Dismissed);
        (await app.RunReviewJobAsync()).Created.Should().Be(0, "the job leaves it alone until the date");

        using var onTheDay = new CrmApp(revisitOn, app.SameDatabase());
        var result = await onTheDay.RunReviewJobAsync();
        result.Returned.Should().Be(1);
        var back = await onTheDay.WithDbAsync(db => db.FollowUps.SingleAsync(f => f.Status == FollowUpStatus.Open));
        back.Kind.Should().Be(FollowUpKind.ProspectReview);
        back.AssigneeId.Should().Be(an);
        back.SourceKey.Should().Be($"revisit:{id}:2026-09-01");
        (await onTheDay.WithDbAsync(db => db.Clients.SingleAsync(c => c.Id == id))).RevisitOn.Should().BeNull();
        (await onTheDay.RunReviewJobAsync()).Created.Should().Be(0);
    }

    [Fact]
    public async Task Another_managers_prospect_cannot_be_reviewed()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var id = await app.AddDelayingProspectAsync(an);
        using var tom = await app.SignedInAsync(CrmApp.OtherManagerEmail);

        (await tom.GetAsync($"/Prospects/Review/{id}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var token = (await tom.GetPageAsync("/Prospects")).AntiforgeryToken;
        var post = await tom.PostAsync($"/Prospects/Review/{id}", ProspectArrange.Decision(ReviewDecision.Disqualify, DisqualifyReason.Abusive), token);
        post.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var stage = await tom.PostAsync("/Prospects/Stage", new Dictionary<string, string> { ["clientId"] = id.ToString(), ["stage"] = "Considering" }, token);
        stage.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.WithDbAsync(db => db.Clients.SingleAsync(c => c.Id == id))).Status.Should().Be(ClientStatus.Prospect);

        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        (await admin.GetAsync($"/Prospects/Review/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_admins_change_the_signal_thresholds_and_the_job_uses_them()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var id = await app.AddProspectAsync(an, knownForDays: 50);
        await app.AddTouchAsync(id, an, 45, TouchpointOutcome.Reached, Direction.Inbound);
        (await app.RunReviewJobAsync()).Created.Should().Be(0);

        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await manager.GetAsync("/Prospects/Settings")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var fields = new Dictionary<string, string>
        {
            ["Input.IdeaTakerDays"] = "21",
            ["Input.DelayCount"] = "3",
            ["Input.DelayWindowDays"] = "180",
            ["Input.CostPercent"] = "20",
            ["Input.QuietDays"] = "0",
            ["Input.SilenceDays"] = "30",
        };
        (await admin.PostFormAsync("/Prospects/Settings", fields)).Errors.Should().Contain("Between 7 and 730 days.");
        fields["Input.QuietDays"] = "40";
        (await admin.PostFormAsync("/Prospects/Settings", fields)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        (await app.RunReviewJobAsync()).Created.Should().Be(1, "45 days without a response is now gone quiet");
    }
}
