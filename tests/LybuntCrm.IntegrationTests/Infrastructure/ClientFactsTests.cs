using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Infrastructure;

public sealed class ClientFactsTests
{
    [Fact]
    public async Task Refresh_derives_purchase_dates_last_contact_and_next_check_in_in_the_database()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var ids = await app.WithDbAsync(async db =>
        {
            var reached = new Client { Name = "Reached", OwnerId = managerId, CreatedOn = new DateOnly(2024, 1, 1), CadenceDays = 90 };
            reached.Purchases.Add(new Purchase { Date = new DateOnly(2025, 3, 1), Amount = 100 });
            reached.Purchases.Add(new Purchase { Date = new DateOnly(2025, 9, 1), Amount = 50, Status = PurchaseStatus.Cancelled });
            reached.Touchpoints.Add(new Touchpoint { UserId = managerId, OccurredOn = new DateOnly(2026, 2, 1), Outcome = TouchpointOutcome.Reached });
            reached.Touchpoints.Add(new Touchpoint { UserId = managerId, OccurredOn = new DateOnly(2026, 3, 1), Outcome = TouchpointOutcome.NoAnswer });
            var bought = new Client { Name = "Bought", OwnerId = managerId, CreatedOn = new DateOnly(2024, 1, 1) };
            bought.Purchases.Add(new Purchase { Date = new DateOnly(2025, 3, 1), Amount = 100 });
            var fresh = new Client { Name = "Fresh", OwnerId = managerId, CreatedOn = new DateOnly(2026, 6, 1), CadenceDays = 30 };
            var blocked = new Client { Name = "Blocked", OwnerId = managerId, CreatedOn = new DateOnly(2026, 6, 1), DoNotContact = true };
            db.Clients.AddRange(reached, bought, fresh, blocked);
            await db.SaveChangesAsync();
            await ClientFacts.RefreshAsync(db, clientIds: null);
            return (reached.Id, bought.Id, fresh.Id, blocked.Id);
        });

        var facts = await app.WithDbAsync(db => db.Clients.AsNoTracking().ToDictionaryAsync(c => c.Id));
        facts[ids.Item1].LastPurchaseOn.Should().Be(new DateOnly(2025, 3, 1), "cancelled purchases do not count");
        facts[ids.Item1].LastContactOn.Should().Be(new DateOnly(2026, 2, 1), "a call nobody answered is no contact");
        facts[ids.Item1].NextCheckInOn.Should().Be(new DateOnly(2026, 5, 2));
        facts[ids.Item2].NextCheckInOn.Should().Be(new DateOnly(2025, 3, 1).AddDays(120));
        facts[ids.Item3].NextCheckInOn.Should().Be(new DateOnly(2026, 7, 1));
        facts[ids.Item4].NextCheckInOn.Should().BeNull();
    }
}
