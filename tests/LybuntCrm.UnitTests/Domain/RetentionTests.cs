using LybuntCrm.TestOracles;
using LybuntCrm.Web.Domain;
using static LybuntCrm.TestOracles.RetentionOracle;

namespace LybuntCrm.UnitTests.Domain;

public sealed class RetentionTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static RetentionStanding Evaluate(DateOnly today, int startMonth, params PurchaseFact[] purchases) =>
        RetentionOracle.Evaluate(purchases, today, startMonth);

    private static PurchaseFact Bought(int y, int m, int d, decimal amount = 100m) => new(D(y, m, d), amount);

    [Fact]
    public void Client_who_bought_last_year_only_is_lybunt()
    {
        var standing = Evaluate(D(2026, 6, 15), 1, Bought(2025, 3, 1, 700m), Bought(2025, 11, 20, 500m));
        standing.Flag.Should().Be(RetentionFlag.Lybunt);
        standing.RevenueAtRisk.Should().Be(1200m);
        standing.LastPurchaseAsOf.Should().Be(D(2025, 11, 20));
    }

    [Fact]
    public void Client_who_bought_last_year_and_this_year_is_not_flagged() =>
        Evaluate(D(2026, 6, 15), 1, Bought(2025, 3, 1), Bought(2026, 2, 1)).Flag.Should().Be(RetentionFlag.None);

    [Fact]
    public void Client_who_bought_only_before_last_year_is_sybunt_with_its_last_buying_year_at_risk()
    {
        var standing = Evaluate(D(2026, 6, 15), 1, Bought(2022, 5, 1, 50m), Bought(2023, 2, 1, 300m), Bought(2023, 12, 31, 200m));
        standing.Flag.Should().Be(RetentionFlag.Sybunt);
        standing.RevenueAtRisk.Should().Be(500m);
    }

    [Fact]
    public void Client_with_no_purchases_is_not_flagged() =>
        Evaluate(D(2026, 6, 15), 1).Should().Be(new RetentionStanding(RetentionFlag.None, 0m, null));

    [Fact]
    public void Cancelled_purchases_are_ignored()
    {
        Evaluate(D(2026, 6, 15), 1, Bought(2025, 3, 1), new PurchaseFact(D(2026, 2, 1), 900m, PurchaseStatus.Cancelled))
            .Flag.Should().Be(RetentionFlag.Lybunt, "a cancelled purchase this year is no purchase");
        Evaluate(D(2026, 6, 15), 1, new PurchaseFact(D(2025, 3, 1), 900m, PurchaseStatus.Cancelled))
            .Flag.Should().Be(RetentionFlag.None);
        Evaluate(D(2026, 6, 15), 1, Bought(2025, 3, 1, 100m), new PurchaseFact(D(2025, 4, 1), 900m, PurchaseStatus.Cancelled))
            .RevenueAtRisk.Should().Be(100m);
    }

    [Fact]
    public void A_purchase_dated_after_today_has_not_happened_yet()
    {
        var standing = Evaluate(D(2026, 6, 15), 1, Bought(2025, 3, 1), Bought(2026, 9, 1));
        standing.Flag.Should().Be(RetentionFlag.Lybunt);
        standing.LastPurchaseAsOf.Should().Be(D(2025, 3, 1));
    }

    [Fact]
    public void A_purchase_today_counts() =>
        Evaluate(D(2026, 6, 15), 1, Bought(2025, 3, 1), Bought(2026, 6, 15)).Flag.Should().Be(RetentionFlag.None);

    [Theory]
    // Calendar year: last year is 2025-01-01 .. 2025-12-31.
    [InlineData(1, "2026-06-15", "2025-01-01", RetentionFlag.Lybunt)]
    [InlineData(1, "2026-06-15", "2025-12-31", RetentionFlag.Lybunt)]
    [InlineData(1, "2026-06-15", "2024-12-31", RetentionFlag.Sybunt)]
    [InlineData(1, "2026-06-15", "2026-01-01", RetentionFlag.None)]
    // April: on 2026-06-15 this year is 2026-04-01 .. 2027-03-31, last year 2025-04-01 .. 2026-03-31.
    [InlineData(4, "2026-06-15", "2025-04-01", RetentionFlag.Lybunt)]
    [InlineData(4, "2026-06-15", "2026-03-31", RetentionFlag.Lybunt)]
    [InlineData(4, "2026-06-15", "2025-03-31", RetentionFlag.Sybunt)]
    [InlineData(4, "2026-06-15", "2026-04-01", RetentionFlag.None)]
    // April, early in the calendar year: on 2026-02-10 this year started 2025-04-01.
    [InlineData(4, "2026-02-10", "2025-03-31", RetentionFlag.Lybunt)]
    [InlineData(4, "2026-02-10", "2024-03-31", RetentionFlag.Sybunt)]
    [InlineData(4, "2026-02-10", "2025-04-01", RetentionFlag.None)]
    // July: on 2026-06-30 (last day of the year) this year is 2025-07-01 .. 2026-06-30.
    [InlineData(7, "2026-06-30", "2025-06-30", RetentionFlag.Lybunt)]
    [InlineData(7, "2026-06-30", "2024-07-01", RetentionFlag.Lybunt)]
    [InlineData(7, "2026-06-30", "2024-06-30", RetentionFlag.Sybunt)]
    [InlineData(7, "2026-06-30", "2026-06-30", RetentionFlag.None)]
    // July, first day of the year: the year just turned, nobody has bought in it yet.
    [InlineData(7, "2026-07-01", "2026-06-30", RetentionFlag.Lybunt)]
    [InlineData(7, "2026-07-01", "2025-06-30", RetentionFlag.Sybunt)]
    // October.
    [InlineData(10, "2026-06-15", "2024-10-01", RetentionFlag.Lybunt)]
    [InlineData(10, "2026-06-15", "2025-09-30", RetentionFlag.Lybunt)]
    [InlineData(10, "2026-06-15", "2024-09-30", RetentionFlag.Sybunt)]
    [InlineData(10, "2026-06-15", "2025-10-01", RetentionFlag.None)]
    [InlineData(10, "2026-10-01", "2025-10-01", RetentionFlag.Lybunt)]
    public void The_last_purchase_decides_the_list(int startMonth, string today, string lastPurchase, RetentionFlag expected) =>
        Evaluate(DateOnly.Parse(today), startMonth, new PurchaseFact(DateOnly.Parse(lastPurchase), 10m)).Flag.Should().Be(expected);

    [Fact]
    public void Revenue_at_risk_counts_purchases_on_the_first_and_last_day_of_last_year_only()
    {
        var standing = Evaluate(D(2026, 6, 15), 4,
            Bought(2025, 3, 31, 1m), Bought(2025, 4, 1, 10m), Bought(2026, 3, 31, 100m));
        standing.Flag.Should().Be(RetentionFlag.Lybunt);
        standing.RevenueAtRisk.Should().Be(110m);
    }

    [Fact]
    public void Leap_day_purchases_fall_in_the_right_year()
    {
        // With a March start, 29 February 2024 is the last day of fiscal year 2023/24.
        Evaluate(D(2025, 2, 28), 3, Bought(2024, 2, 29)).Flag.Should().Be(RetentionFlag.Lybunt);
        Evaluate(D(2025, 3, 1), 3, Bought(2024, 2, 29)).Flag.Should().Be(RetentionFlag.Sybunt);
        Evaluate(D(2024, 2, 29), 3, Bought(2023, 2, 28)).Flag.Should().Be(RetentionFlag.Lybunt);
        Evaluate(D(2024, 2, 29), 3, Bought(2023, 3, 1)).Flag.Should().Be(RetentionFlag.None, "2023-03-01 is in the same fiscal year");
        Evaluate(D(2024, 3, 1), 3, Bought(2024, 2, 29)).Flag.Should().Be(RetentionFlag.Lybunt);
        // Calendar years.
        Evaluate(D(2025, 2, 28), 1, Bought(2024, 2, 29, 42m)).Should().Be(new RetentionStanding(RetentionFlag.Lybunt, 42m, D(2024, 2, 29)));
        Evaluate(D(2024, 2, 29), 1, Bought(2024, 2, 29)).Flag.Should().Be(RetentionFlag.None);
    }

    [Fact]
    public void Lybunt_and_sybunt_never_overlap()
    {
        var random = new Random(20260615);
        foreach (var startMonth in new[] { 1, 4, 7, 10 })
        {
            for (var i = 0; i < 2000; i++)
            {
                var today = D(2020, 1, 1).AddDays(random.Next(0, 3650));
                var purchases = Enumerable.Range(0, random.Next(0, 6))
                    .Select(_ => new PurchaseFact(today.AddDays(-random.Next(-200, 1500)), random.Next(1, 1000),
                        random.Next(10) == 0 ? PurchaseStatus.Cancelled : PurchaseStatus.Completed))
                    .ToList();
                var year = FiscalYear.Containing(today, startMonth);
                var counted = purchases.Where(p => p.Status == PurchaseStatus.Completed && p.Date <= today).ToList();
                var boughtThisYear = counted.Any(p => p.Date >= year.Start);
                var boughtLastYear = counted.Any(p => year.Previous.Contains(p.Date));
                var boughtEarlier = counted.Any(p => p.Date < year.Previous.Start);

                var flag = RetentionOracle.Evaluate(purchases, today, startMonth).Flag;

                // The definitions, word for word: they are exclusive by construction, and the rule matches them.
                var lybunt = boughtLastYear && !boughtThisYear;
                var sybunt = boughtEarlier && !boughtLastYear && !boughtThisYear;
                (lybunt && sybunt).Should().BeFalse();
                flag.Should().Be(lybunt ? RetentionFlag.Lybunt : sybunt ? RetentionFlag.Sybunt : RetentionFlag.None);
            }
        }
    }

    [Fact]
    public void Win_back_key_is_one_per_client_and_fiscal_year() =>
        Retention.WinBackKey(42, 2026).Should().Be("winback:42:2026");

    [Theory]
    [InlineData(ClientStatus.LetGo, false, false, FollowUpStatus.Dismissed, "let go", WinBackState.LetGo)]
    [InlineData(ClientStatus.Client, false, true, FollowUpStatus.Done, "recovered", WinBackState.Recovered)]
    [InlineData(ClientStatus.Client, false, false, FollowUpStatus.Open, null, WinBackState.Open)]
    [InlineData(ClientStatus.Client, false, false, FollowUpStatus.Snoozed, null, WinBackState.Snoozed)]
    [InlineData(ClientStatus.Client, false, false, FollowUpStatus.Done, "contacted", WinBackState.Contacted)]
    [InlineData(ClientStatus.Client, true, false, null, null, WinBackState.DoNotContact)]
    [InlineData(ClientStatus.Client, false, false, null, null, WinBackState.None)]
    public void Win_back_status_reads_client_and_follow_up(ClientStatus status, bool dnc, bool recovered, FollowUpStatus? followUp,
        string? closedReason, WinBackState expected) =>
        WinBackStatus.Of(status, dnc, recovered, followUp, closedReason).Should().Be(expected);
}
