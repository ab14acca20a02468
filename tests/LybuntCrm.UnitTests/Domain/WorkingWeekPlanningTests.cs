using LybuntCrm.Web.Domain;

namespace LybuntCrm.UnitTests.Domain;

/// <summary>The planner with kinds, values, missed work and working days (the rules of the daily list).</summary>
public sealed class WorkingWeekPlanningTests
{
    private static readonly DateOnly Tuesday = new(2026, 12, 1);
    private const int Iterations = 300;

    private static readonly WorkWeek[] Weeks =
    [
        WorkWeek.MondayToFriday, WorkWeek.SaturdayToWednesday, WorkWeek.Of(DayOfWeek.Thursday), WorkWeek.Of(DayOfWeek.Monday, DayOfWeek.Saturday),
    ];

    private static (List<CapacityPlanner.Item> Items, int Capacity, WorkWeek Week) RandomWorkload(Random random)
    {
        var capacity = random.Next(1, 9);
        var week = Weeks[random.Next(Weeks.Length)];
        var items = new List<CapacityPlanner.Item>();
        for (var id = 1; id <= random.Next(1, 120); id++)
        {
            var kind = (PlanPriority)random.Next(4);
            var due = kind == PlanPriority.Occasion ? Tuesday.AddDays(random.Next(0, 14)) : Tuesday.AddDays(random.Next(-90, 20));
            DateOnly? snoozed = random.Next(8) == 0 ? Tuesday.AddDays(random.Next(1, 10)) : null;
            DateOnly? missed = snoozed is null && random.Next(10) == 0 ? week.OnOrBefore(Tuesday.AddDays(-random.Next(1, 10))) : null;
            items.Add(new CapacityPlanner.Item(id, due, snoozed, kind, random.Next(0, 5000), missed));
        }
        return (items, capacity, week);
    }

    [Fact]
    public void Nothing_is_planned_on_a_day_off_and_no_future_day_holds_more_than_the_capacity_but_for_occasions()
    {
        var random = new Random(7);
        for (var i = 0; i < Iterations; i++)
        {
            var (items, capacity, week) = RandomWorkload(random);
            var plan = CapacityPlanner.Plan(items, Tuesday, capacity, week);

            foreach (var item in items.Where(x => x.MissedOn is null))
            {
                week.IsWorkingDay(plan[item.Id]).Should().BeTrue();
                plan[item.Id].Should().BeOnOrAfter(item.NotBefore is { } nb && nb > Tuesday ? nb : Tuesday);
            }
            foreach (var day in items.Where(x => x.MissedOn is null && plan[x.Id] > week.OnOrAfter(Tuesday)).GroupBy(x => plan[x.Id]))
                (day.Count() <= capacity || day.All(x => x.Priority == PlanPriority.Occasion)).Should().BeTrue();
        }
    }

    [Fact]
    public void An_occasion_is_never_planned_after_its_date_when_a_working_day_before_it_is_left()
    {
        var random = new Random(11);
        for (var i = 0; i < Iterations; i++)
        {
            var (items, capacity, week) = RandomWorkload(random);
            var plan = CapacityPlanner.Plan(items, Tuesday, capacity, week);
            foreach (var occasion in items.Where(x => x.Priority == PlanPriority.Occasion && x.MissedOn is null))
            {
                var release = week.OnOrAfter(occasion.NotBefore is { } nb && nb > Tuesday ? nb : Tuesday);
                if (week.OnOrBefore(occasion.DueOn) >= release) plan[occasion.Id].Should().BeOnOrBefore(occasion.DueOn);
            }
        }
    }

    [Fact]
    public void Missed_work_stays_on_the_day_it_was_planned()
    {
        var missed = new CapacityPlanner.Item(1, Tuesday.AddDays(-30), MissedOn: Tuesday.AddDays(-3));
        var plan = CapacityPlanner.Plan([missed, new CapacityPlanner.Item(2, Tuesday)], Tuesday, 1, WorkWeek.MondayToFriday);

        plan[1].Should().Be(Tuesday.AddDays(-3));
        plan[2].Should().Be(Tuesday.AddDays(1), "the missed item took today's only slot");
    }

    [Fact]
    public void A_birthday_on_saturday_goes_on_friday_and_a_check_in_yields_its_slot()
    {
        var saturday = new DateOnly(2026, 12, 5);
        var items = new List<CapacityPlanner.Item> { new(1, saturday, Priority: PlanPriority.Occasion) };
        items.AddRange(Enumerable.Range(2, 4).Select(id => new CapacityPlanner.Item(id, Tuesday.AddDays(-100))));

        var plan = CapacityPlanner.Plan(items, Tuesday, 1, WorkWeek.MondayToFriday);

        plan[1].Should().Be(new DateOnly(2026, 12, 4));
        items.Skip(1).Select(i => plan[i.Id]).Should().BeEquivalentTo(
            [Tuesday, Tuesday.AddDays(1), Tuesday.AddDays(2), new DateOnly(2026, 12, 7)]);
    }

    [Fact]
    public void Due_win_backs_come_before_check_ins_the_most_revenue_at_risk_first()
    {
        CapacityPlanner.Item[] items =
        [
            new(1, Tuesday.AddDays(-200), Priority: PlanPriority.CheckIn, Value: 90_000m),
            new(2, Tuesday, Priority: PlanPriority.WinBack, Value: 1_000m),
            new(3, Tuesday, Priority: PlanPriority.WinBack, Value: 8_000m),
            new(4, Tuesday.AddDays(-10), Priority: PlanPriority.Review),
        ];

        var plan = CapacityPlanner.Plan(items, Tuesday, 1, WorkWeek.MondayToFriday);

        items.OrderBy(i => plan[i.Id]).Select(i => i.Id).Should().Equal(3, 2, 4, 1);
    }

    [Fact]
    public void A_persian_week_plans_saturday_to_wednesday_and_a_thursday_starts_on_saturday()
    {
        var thursday = new DateOnly(2026, 12, 3);
        var items = Enumerable.Range(1, 6).Select(id => new CapacityPlanner.Item(id, thursday.AddDays(-id))).ToList();

        var plan = CapacityPlanner.Plan(items, thursday, 2, WorkWeek.SaturdayToWednesday);

        plan.Values.Distinct().Order().Should().Equal(new DateOnly(2026, 12, 5), new DateOnly(2026, 12, 6), new DateOnly(2026, 12, 7));
    }

    [Theory]
    [InlineData("fa", 79)]
    [InlineData("vi", 62)]
    [InlineData("en", 62)]
    public void A_new_profile_works_the_week_of_its_language(string culture, int mask) =>
        WorkWeek.DefaultFor(culture).Mask.Should().Be(mask);

    [Fact]
    public void Switching_to_persian_moves_a_default_week_but_keeps_a_chosen_one()
    {
        var user = new AppUser { Culture = "en" };
        user.ChangeCulture("fa").Should().BeTrue();
        user.WorkingDays.Should().Be(WorkWeek.SaturdayToWednesday.Mask);

        var custom = new AppUser { Culture = "en", WorkingDays = WorkWeek.Of(DayOfWeek.Monday).Mask };
        custom.ChangeCulture("fa").Should().BeFalse();
        custom.WorkingDays.Should().Be(WorkWeek.Of(DayOfWeek.Monday).Mask);
    }
}
