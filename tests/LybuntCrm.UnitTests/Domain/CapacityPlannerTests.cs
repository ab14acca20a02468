using LybuntCrm.Web.Domain;

namespace LybuntCrm.UnitTests.Domain;

public sealed class CapacityPlannerTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private const int Iterations = 500;

    private static (List<CapacityPlanner.Item> Items, int Capacity) RandomWorkload(Random random, bool snoozes)
    {
        var capacity = random.Next(1, 13);
        var count = random.Next(1, 250);
        var items = new List<CapacityPlanner.Item>(count);
        for (var id = 1; id <= count; id++)
        {
            var due = Today.AddDays(random.Next(-60, 45));
            DateOnly? notBefore = snoozes && random.Next(5) == 0 ? Today.AddDays(random.Next(-5, 30)) : null;
            items.Add(new CapacityPlanner.Item(id, due, notBefore));
        }
        return (items, capacity);
    }

    private static DateOnly Release(CapacityPlanner.Item item) => item.NotBefore is { } nb && nb > Today ? nb : Today;

    [Fact]
    public void No_day_holds_more_than_the_capacity_and_nothing_is_planned_before_today_or_its_snooze_date()
    {
        var random = new Random(20260615);
        for (var run = 0; run < Iterations; run++)
        {
            var (items, capacity) = RandomWorkload(random, snoozes: true);
            var plan = CapacityPlanner.Plan(items, Today, capacity);

            plan.Should().HaveCount(items.Count);
            plan.Values.GroupBy(d => d).Should().OnlyContain(g => g.Count() <= capacity);
            items.Should().OnlyContain(i => plan[i.Id] >= Release(i));
        }
    }

    [Fact]
    public void When_capacity_allows_nothing_is_planned_after_its_due_date()
    {
        var random = new Random(4242);
        for (var run = 0; run < Iterations; run++)
        {
            // A workload that fits by construction: day k gets at most capacity items, each due on day k or later.
            var capacity = random.Next(1, 13);
            var days = random.Next(1, 40);
            var items = new List<CapacityPlanner.Item>();
            for (var k = 0; k < days; k++)
            {
                for (var n = random.Next(0, capacity + 1); n > 0; n--)
                    items.Add(new CapacityPlanner.Item(items.Count + 1, Today.AddDays(k + random.Next(0, 20))));
            }
            if (items.Count == 0) continue;
            var shuffled = items.OrderBy(_ => random.Next()).ToList();

            var plan = CapacityPlanner.Plan(shuffled, Today, capacity);

            shuffled.Should().OnlyContain(i => plan[i.Id] <= i.DueOn);
        }
    }

    [Fact]
    public void An_item_is_late_only_when_every_day_up_to_its_due_date_is_full_of_work_due_no_later()
    {
        var random = new Random(7);
        // Checked with plain comparisons and asserted once: an assertion per day and late item (hundreds of thousands of
        // them) made this one test take over a minute.
        var violations = new List<string>();
        for (var run = 0; run < Iterations; run++)
        {
            var (items, capacity) = RandomWorkload(random, snoozes: true);
            var plan = CapacityPlanner.Plan(items, Today, capacity);
            var byDay = items.GroupBy(i => plan[i.Id]).ToDictionary(g => g.Key, g => g.ToList());

            foreach (var late in items.Where(i => plan[i.Id] > i.DueOn && i.DueOn >= Release(i)))
            {
                for (var day = Release(late); day <= late.DueOn; day = day.AddDays(1))
                {
                    var planned = byDay.GetValueOrDefault(day) ?? [];
                    if (planned.Count != capacity || planned.Any(i => i.DueOn > late.DueOn))
                        violations.Add($"run {run}: item {late.Id} (due {late.DueOn}) is late, but {day} holds {planned.Count} of {capacity}, "
                            + $"{planned.Count(i => i.DueOn > late.DueOn)} of them due later");
                }
            }
        }
        violations.Should().BeEmpty();
    }

    [Fact]
    public void Overdue_work_comes_first_and_earlier_due_dates_before_later_ones()
    {
        var random = new Random(99);
        for (var run = 0; run < Iterations; run++)
        {
            var (items, capacity) = RandomWorkload(random, snoozes: false);
            var plan = CapacityPlanner.Plan(items, Today, capacity);

            var overdue = items.Where(i => i.DueOn < Today).ToList();
            var notYetDue = items.Where(i => i.DueOn >= Today).ToList();
            if (overdue.Count > 0 && notYetDue.Count > 0)
                overdue.Max(i => plan[i.Id]).Should().BeOnOrBefore(notYetDue.Min(i => plan[i.Id]));

            var ordered = items.OrderBy(i => i.DueOn).ThenBy(i => i.Id).Select(i => plan[i.Id]).ToList();
            ordered.Should().BeInAscendingOrder();
        }
    }

    [Fact]
    public void No_day_is_left_idle_while_available_work_waits()
    {
        var random = new Random(31337);
        for (var run = 0; run < Iterations; run++)
        {
            var (items, capacity) = RandomWorkload(random, snoozes: true);
            var plan = CapacityPlanner.Plan(items, Today, capacity);
            var perDay = plan.Values.GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());

            foreach (var item in items)
            {
                for (var day = Release(item); day < plan[item.Id]; day = day.AddDays(1))
                    perDay.GetValueOrDefault(day).Should().Be(capacity);
            }
        }
    }

    [Fact]
    public void A_light_load_is_all_planned_today_and_a_snoozed_item_waits_for_its_date()
    {
        var items = new List<CapacityPlanner.Item>
        {
            new(1, Today.AddDays(-3)),
            new(2, Today.AddDays(5)),
            new(3, Today.AddDays(-1), NotBefore: Today.AddDays(4)),
        };

        var plan = CapacityPlanner.Plan(items, Today, 8);

        plan[1].Should().Be(Today);
        plan[2].Should().Be(Today);
        plan[3].Should().Be(Today.AddDays(4));
    }

    [Fact]
    public void A_backlog_is_spread_over_the_following_days_oldest_first()
    {
        var items = Enumerable.Range(1, 20).Select(i => new CapacityPlanner.Item(i, Today.AddDays(-i))).ToList();

        var plan = CapacityPlanner.Plan(items, Today, 8);

        plan.Values.Count(d => d == Today).Should().Be(8);
        plan.Values.Count(d => d == Today.AddDays(1)).Should().Be(8);
        plan.Values.Count(d => d == Today.AddDays(2)).Should().Be(4);
        plan[20].Should().Be(Today, "the oldest overdue item comes first");
        plan[1].Should().Be(Today.AddDays(2));
    }
}
