using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.TestOracles;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LybuntCrm.TestOracles.RetentionOracle;

namespace LybuntCrm.IntegrationTests.Features.Lybunt;

/// <summary>Small helpers to arrange clients with purchase histories and run the flagging.</summary>
internal static class Lybunt
{
    public static Client NewClient(string ownerId, string name, params (int Y, int M, int D, decimal Amount)[] purchases)
    {
        var client = new Client { Name = name, OwnerId = ownerId, CreatedOn = new DateOnly(2020, 1, 1), ExternalId = "X-" + Guid.NewGuid().ToString("N")[..8] };
        foreach (var (y, m, d, amount) in purchases)
            client.Purchases.Add(new Purchase { Date = new DateOnly(y, m, d), Amount = amount });
        return client;
    }

    public static async Task<int> AddAsync(this CrmApp app, Client client) => await app.WithDbAsync(async db =>
    {
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        await ClientFacts.RefreshAsync(db, client.Id);
        return client.Id;
    });

    public static Task<LybuntFlagResult> FlagAsync(this CrmApp app) =>
        app.WithServicesAsync(sp => sp.GetRequiredService<LybuntFlagJob>().FlagAsync(CancellationToken.None));

    public static Task<Client> ClientAsync(this CrmApp app, int id) =>
        app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == id));

    public static Task<List<FollowUp>> WinBacksAsync(this CrmApp app, int clientId) =>
        app.WithDbAsync(db => db.FollowUps.AsNoTracking().Where(f => f.ClientId == clientId && f.Kind == FollowUpKind.WinBack).ToListAsync());
}

public sealed class LybuntFlagJobTests
{
    [Fact]
    public async Task Running_the_job_twice_creates_one_win_back_for_the_owner()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var id = await app.AddAsync(Lybunt.NewClient(managerId, "Lapsed Ltd", (2025, 3, 1, 1000m), (2025, 9, 1, 234.5m)));

        var first = await app.FlagAsync();
        var second = await app.FlagAsync();

        first.WinBacksCreated.Should().Be(1);
        second.WinBacksCreated.Should().Be(0);
        second.Flagged.Should().Be(0, "nothing changed, so nothing is written");
        var winBack = (await app.WinBacksAsync(id)).Should().ContainSingle().Subject;
        winBack.AssigneeId.Should().Be(managerId);
        winBack.Status.Should().Be(FollowUpStatus.Open);
        winBack.SourceKey.Should().Be("winback:" + id + ":2026");
        winBack.DueOn.Should().Be(new DateOnly(2026, 6, 15));
        winBack.PlannedOn.Should().Be(new DateOnly(2026, 6, 15));
        winBack.ReasonCode.Should().Be(FollowUpReasons.WinBack);
        winBack.ReasonArgs.Should().Be("[\"1234.50\"]", "values are stored invariant and shown in the reader's format");
        app.Reason(winBack).Should().Be("Bought 1,234.50 last year, nothing yet this year");

        var client = await app.ClientAsync(id);
        client.RetentionFlag.Should().Be(RetentionFlag.Lybunt);
        client.LastYearTotal.Should().Be(1234.5m);
        client.LastPurchaseOn.Should().Be(new DateOnly(2025, 9, 1));
        client.FirstFlaggedOn.Should().Be(new DateOnly(2026, 6, 15));
        client.FlaggedFiscalYear.Should().Be(2026);
    }

    [Fact]
    public async Task Do_not_contact_and_let_go_clients_are_flagged_without_a_win_back()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var dnc = Lybunt.NewClient(managerId, "Quiet", (2025, 3, 1, 100m));
        dnc.DoNotContact = true;
        var letGo = Lybunt.NewClient(managerId, "Gone", (2025, 3, 1, 100m));
        letGo.Status = ClientStatus.LetGo;
        letGo.LetGoReason = "Moved abroad";
        var dncId = await app.AddAsync(dnc);
        var letGoId = await app.AddAsync(letGo);

        await app.FlagAsync();

        (await app.ClientAsync(dncId)).RetentionFlag.Should().Be(RetentionFlag.Lybunt);
        (await app.ClientAsync(letGoId)).RetentionFlag.Should().Be(RetentionFlag.Lybunt);
        (await app.WinBacksAsync(dncId)).Should().BeEmpty();
        (await app.WinBacksAsync(letGoId)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_flagged_client_keeps_the_day_it_was_first_flagged_and_moves_from_lybunt_to_sybunt()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var client = Lybunt.NewClient(managerId, "Old friend", (2024, 5, 1, 300m), (2024, 6, 1, 200m));
        client.RetentionFlag = RetentionFlag.Lybunt;
        client.FirstFlaggedOn = new DateOnly(2025, 1, 2);
        client.FlaggedFiscalYear = 2025;
        var id = await app.AddAsync(client);

        await app.FlagAsync();

        var flagged = await app.ClientAsync(id);
        flagged.RetentionFlag.Should().Be(RetentionFlag.Sybunt);
        flagged.FirstFlaggedOn.Should().Be(new DateOnly(2025, 1, 2));
        flagged.FlaggedFiscalYear.Should().Be(2026);
        flagged.LastYearTotal.Should().Be(500m, "SYBUNT revenue at risk is the last buying year's total");
        (await app.WinBacksAsync(id)).Should().BeEmpty("win-backs are for LYBUNT clients");
    }

    [Fact]
    public async Task A_client_who_buys_again_is_recovered_and_the_win_back_closes()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var id = await app.AddAsync(Lybunt.NewClient(managerId, "Comeback", (2025, 3, 1, 800m)));
        await app.FlagAsync();

        await app.WithDbAsync(async db =>
        {
            db.Purchases.Add(new Purchase { ClientId = id, Date = new DateOnly(2026, 5, 2), Amount = 90m, Status = PurchaseStatus.Cancelled });
            db.Purchases.Add(new Purchase { ClientId = id, Date = new DateOnly(2026, 5, 20), Amount = 500m });
            db.Purchases.Add(new Purchase { ClientId = id, Date = new DateOnly(2026, 6, 1), Amount = 120m });
            await db.SaveChangesAsync();
            await ClientFacts.RefreshAsync(db, id); // as the purchase form and the import do
        });
        var result = await app.FlagAsync();

        result.Unflagged.Should().Be(1);
        var client = await app.ClientAsync(id);
        client.RetentionFlag.Should().Be(RetentionFlag.None);
        client.RecoveredOn.Should().Be(new DateOnly(2026, 5, 20), "the first completed purchase this year brought the client back");
        client.RecoveredFrom.Should().Be(RetentionFlag.Lybunt);
        client.LastPurchaseOn.Should().Be(new DateOnly(2026, 6, 1));
        var winBack = (await app.WinBacksAsync(id)).Should().ContainSingle().Subject;
        winBack.Status.Should().Be(FollowUpStatus.Done);
        winBack.ClosedReasonCode.Should().Be(Retention.RecoveredReason);
        winBack.ClosedReason.Should().BeNull("nobody typed it");
        winBack.ClosedAtUtc.Should().NotBeNull();

        await app.FlagAsync();
        (await app.WinBacksAsync(id)).Should().ContainSingle("a recovered client gets no new win-back");

        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var page = await browser.GetPageAsync("/Lybunt");
        page.Document.QuerySelector("[data-testid=recovered-count]")!.TextContent.Trim().Should().Be("1");
        page.Document.QuerySelector("[data-testid=recovery-rate]")!.TextContent.Trim().Should().Be("100%");
        var recovered = await browser.GetPageAsync("/Lybunt?list=recovered");
        recovered.Document.QuerySelector($"tr[data-client-id='{id}'] [data-testid=winback-status]")!.TextContent.Trim().Should().BeEquivalentTo("recovered");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(10)]
    public async Task The_job_in_sql_agrees_with_the_rule_on_a_varied_dataset(int startMonth)
    {
        var today = new DateOnly(2026, 6, 30);
        using var app = new CrmApp(today);
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var random = new Random(startMonth * 7919);
        var expected = await app.WithDbAsync(async db =>
        {
            await db.SetSettingAsync(SettingKeys.FiscalYearStartMonth, startMonth.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var clients = new List<Client>();
            for (var i = 0; i < 300; i++)
            {
                var client = Lybunt.NewClient(i % 2 == 0 ? managerId : otherId, "Client " + i);
                var count = random.Next(0, 7);
                for (var p = 0; p < count; p++)
                {
                    // Dates around every interesting boundary: the first and last days of fiscal years, leap days, the future.
                    var date = random.Next(4) == 0
                        ? new FiscalYear(2021 + random.Next(0, 6), startMonth).Start.AddDays(random.Next(2) == 0 ? 0 : -1)
                        : today.AddDays(-random.Next(-120, 1900));
                    if (random.Next(30) == 0) date = new DateOnly(2024, 2, 29);
                    client.Purchases.Add(new Purchase
                    {
                        Date = date,
                        Amount = Math.Round((decimal)(random.NextDouble() * 5000), 2),
                        Status = random.Next(8) == 0 ? PurchaseStatus.Cancelled : PurchaseStatus.Completed,
                    });
                }
                clients.Add(client);
            }
            db.Clients.AddRange(clients);
            await db.SaveChangesAsync();
            await ClientFacts.RefreshAsync(db, clientIds: null);
            return clients.ToDictionary(c => c.Id,
                c => RetentionOracle.Evaluate(c.Purchases.Select(p => new PurchaseFact(p.Date, p.Amount, p.Status)), today, startMonth));
        });

        await app.FlagAsync();

        var actual = await app.WithDbAsync(db => db.Clients.AsNoTracking().ToDictionaryAsync(c => c.Id));
        expected.Values.Select(s => s.Flag).Distinct().Should().HaveCount(3, "the dataset covers both lists and neither");
        foreach (var (id, standing) in expected)
        {
            var client = actual[id];
            client.RetentionFlag.Should().Be(standing.Flag, "client {0} ({1})", id, client.Name);
            if (standing.Flag == RetentionFlag.None) continue;
            client.LastYearTotal.Should().BeApproximately(standing.RevenueAtRisk, 0.005m, "client {0}", id);
            client.FlaggedFiscalYear.Should().Be(FiscalYear.Containing(today, startMonth).StartYear);
        }
    }

    [Fact]
    public async Task Revenue_chart_splits_each_year_into_retained_recovered_new_and_lapsed()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.AddAsync(Lybunt.NewClient(managerId, "Retained", (2025, 2, 1, 100m), (2026, 2, 1, 10m)));
        await app.AddAsync(Lybunt.NewClient(managerId, "Recovered", (2024, 2, 1, 200m), (2026, 3, 1, 20m)));
        await app.AddAsync(Lybunt.NewClient(managerId, "New", (2026, 4, 1, 30m), (2026, 9, 1, 999m)));
        await app.AddAsync(Lybunt.NewClient(managerId, "Lapsed", (2025, 5, 1, 400m)));

        var years = await app.WithDbAsync(db => RevenueChart.QueryAsync(db, new DateOnly(2026, 6, 15), 1, 3, null, CancellationToken.None));

        years.Select(y => y.Year).Should().Equal(2024, 2025, 2026);
        years[2].Should().Be(new FiscalYearRevenue(2026, Retained: 10m, Recovered: 20m, New: 30m, Lapsed: 400m));
        years[1].Should().Be(new FiscalYearRevenue(2025, Retained: 0m, Recovered: 0m, New: 500m, Lapsed: 200m));
        years[0].Should().Be(new FiscalYearRevenue(2024, Retained: 0m, Recovered: 0m, New: 200m, Lapsed: 0m));
    }

    [PostgresFact]
    public async Task Revenue_chart_totals_keep_every_cent_of_large_amounts()
    {
        // 16 significant digits: passed through a double, this total came back as 12,345,678,901,234.60. PostgreSQL keeps
        // money as numeric, so the chart must be exact there (SQLite's REAL holds cents exactly only below 10^13).
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.AddAsync(Lybunt.NewClient(managerId, "Large", (2026, 2, 1, 4_000_000_000_000.01m), (2026, 3, 1, 8_345_678_901_234.55m)));
        await app.AddAsync(Lybunt.NewClient(managerId, "Lapsed large", (2025, 5, 1, 9_876_543_210_987.65m), (2025, 6, 1, 1_000_000_000_000.01m)));

        var years = await app.WithDbAsync(db => RevenueChart.QueryAsync(db, new DateOnly(2026, 6, 15), 1, 1, null, CancellationToken.None));

        years.Should().Equal(new FiscalYearRevenue(2026, Retained: 0m, Recovered: 0m, New: 12_345_678_901_234.56m, Lapsed: 10_876_543_210_987.66m));
    }
}
