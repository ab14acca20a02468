using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Prospects;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Prospects;

public sealed class LifecycleTests
{
    private static Task AddPurchaseAsync(CrmApp app, int clientId, PurchaseStatus status) => app.WithDbAsync(async db =>
    {
        db.Purchases.Add(new Purchase { ClientId = clientId, Date = app.Today, Amount = 1200m, Status = status, CreatedAtUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
        await Lifecycle.OnPurchaseRecordedAsync(db, clientId, DateTime.UtcNow);
        await ClientFacts.RefreshAsync(db, clientId);
    });

    [Fact]
    public async Task A_prospects_first_completed_purchase_makes_it_a_client_at_stage_purchased()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var id = await app.AddProspectAsync(an, stage: LifecycleStage.Considering);

        await AddPurchaseAsync(app, id, PurchaseStatus.Cancelled);
        (await app.WithDbAsync(db => db.Clients.SingleAsync(c => c.Id == id))).Status.Should().Be(ClientStatus.Prospect, "a cancelled purchase does not count");

        await AddPurchaseAsync(app, id, PurchaseStatus.Completed);
        await AddPurchaseAsync(app, id, PurchaseStatus.Completed);

        var client = await app.WithDbAsync(db => db.Clients.SingleAsync(c => c.Id == id));
        (client.Status, client.Stage).Should().Be((ClientStatus.Client, LifecycleStage.Purchased));
        var change = await app.WithDbAsync(db => db.StageChanges.SingleAsync());
        (change.ClientId, change.From, change.To).Should().Be((id, LifecycleStage.Considering, LifecycleStage.Purchased));
    }

    [Fact]
    public async Task The_set_based_form_converts_only_prospects_with_a_completed_purchase_and_keeps_later_stages()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var buyer = await app.AddProspectAsync(an, "Buyer", LifecycleStage.Aware);
        var browser = await app.AddProspectAsync(an, "Just Looking", LifecycleStage.Interested);
        var loyal = await app.AddProspectAsync(an, "Loyal One", configure: c => { c.Status = ClientStatus.Client; c.Stage = LifecycleStage.Loyal; });
        await app.WithDbAsync(async db =>
        {
            db.Purchases.AddRange(
                new Purchase { ClientId = buyer, Date = app.Today, Amount = 10m, CreatedAtUtc = DateTime.UtcNow },
                new Purchase { ClientId = loyal, Date = app.Today, Amount = 10m, CreatedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });

        var changed = await app.WithDbAsync(db => Lifecycle.OnPurchasesRecordedAsync(db, clientIds: null, DateTime.UtcNow));

        changed.Should().Be(1);
        var stages = await app.WithDbAsync(db => db.Clients.OrderBy(c => c.Id).Select(c => new { c.Id, c.Status, c.Stage }).ToListAsync());
        stages.Single(s => s.Id == buyer).Should().BeEquivalentTo(new { Status = ClientStatus.Client, Stage = LifecycleStage.Purchased });
        stages.Single(s => s.Id == browser).Should().BeEquivalentTo(new { Status = ClientStatus.Prospect, Stage = LifecycleStage.Interested });
        stages.Single(s => s.Id == loyal).Should().BeEquivalentTo(new { Status = ClientStatus.Client, Stage = LifecycleStage.Loyal });
    }

    [Fact]
    public async Task Owner_moves_a_prospect_along_the_board_and_the_funnel_counts_the_move()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var id = await app.AddProspectAsync(an, "Summit Conferences", LifecycleStage.Interested);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var board = await browser.GetPageAsync("/Prospects");
        board.Document.QuerySelectorAll("[data-testid=prospect-card]").Should().ContainSingle();

        var moved = await browser.PostFormAsync("/Prospects", new Dictionary<string, string>
        {
            ["clientId"] = id.ToString(),
            ["stage"] = "Considering",
            ["returnUrl"] = "/Prospects",
        }, "/Prospects/Stage");
        moved.StatusCode.Should().Be(HttpStatusCode.Redirect);

        var change = await app.WithDbAsync(db => db.StageChanges.SingleAsync());
        (change.From, change.To, change.UserId).Should().Be((LifecycleStage.Interested, LifecycleStage.Considering, an));
        var page = await browser.GetPageAsync("/Prospects");
        page.Document.QuerySelector("[data-testid=stage-moves] tbody tr")!.TextContent.Should().Contain("Interested").And.Contain("Considering").And.Contain("1");
        page.Document.QuerySelector("[data-testid=funnel]").Should().NotBeNull();
    }

    [Fact]
    public async Task A_referrer_shows_whom_it_referred_with_the_revenue_that_followed_and_is_suggested_as_advocate()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var referrer = await app.AddProspectAsync(an, "Happy Client", configure: c => { c.Status = ClientStatus.Client; c.Stage = LifecycleStage.Loyal; });
        var referred = await app.AddProspectAsync(an, "New Friend", configure: c => c.ReferredById = referrer);
        await app.AddProspectAsync(an, "Second Friend", configure: c => c.ReferredById = referrer);
        await app.WithDbAsync(async db =>
        {
            db.Purchases.AddRange(
                new Purchase { ClientId = referred, Date = app.Today, Amount = 1500m, CreatedAtUtc = DateTime.UtcNow },
                new Purchase { ClientId = referred, Date = app.Today, Amount = 500m, CreatedAtUtc = DateTime.UtcNow },
                new Purchase { ClientId = referred, Date = app.Today, Amount = 999m, Status = PurchaseStatus.Cancelled, CreatedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });

        var summary = await app.WithDbAsync(db => Referrals.ForAsync(db, referrer));

        summary!.Clients.Select(c => c.Name).Should().Equal("New Friend", "Second Friend");
        summary.Revenue.Should().Be(2000m);
        summary.SuggestAdvocate.Should().BeTrue();

        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        await browser.PostFormAsync("/Prospects", new Dictionary<string, string> { ["clientId"] = referrer.ToString(), ["stage"] = "Advocate" }, "/Prospects/Stage");
        (await app.WithDbAsync(db => Referrals.ForAsync(db, referrer)))!.SuggestAdvocate.Should().BeFalse();
    }
}
