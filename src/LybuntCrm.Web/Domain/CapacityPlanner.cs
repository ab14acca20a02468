namespace LybuntCrm.Web.Domain;

/// <summary>
/// Spreads a manager's open follow-ups over their coming working days, at most the daily capacity a day whenever the
/// total allows it:
/// <list type="number">
/// <item>Missed work (planned on a past day and not done) stays on the day it was planned: that is what "overdue" means,
/// and it takes its share of today's capacity.</item>
/// <item>An occasion goes on the latest working day on or before its date that has room, and never after its date
/// (over the capacity rather than late): the routine work yields its slot.</item>
/// <item>The rest fills the remaining room day by day from today: first the work already due, win-backs before reviews
/// before check-ins, the most value first; then work not yet due, earliest due date first. A backlog (after an import)
/// so becomes a catch-up plan over the coming working days, most valuable first.</item>
/// </list>
/// Nothing is planned before today, on a day off, or before an item's snooze date.
/// </summary>
public static class CapacityPlanner
{
    /// <param name="Value">What is at stake (revenue at risk for a win-back, the client's value otherwise): more comes first.</param>
    /// <param name="MissedOn">The past day the item was planned on and not done, if any.</param>
    public readonly record struct Item(int Id, DateOnly DueOn, DateOnly? NotBefore = null, PlanPriority Priority = PlanPriority.CheckIn,
        decimal Value = 0m, DateOnly? MissedOn = null);

    public static Dictionary<int, DateOnly> Plan(IReadOnlyList<Item> items, DateOnly today, int dailyCapacity) =>
        Plan(items, today, dailyCapacity, new WorkWeek(WorkWeek.AllDays));

    /// <summary>Returns the planned day for every item, keyed by id.</summary>
    public static Dictionary<int, DateOnly> Plan(IReadOnlyList<Item> items, DateOnly today, int dailyCapacity, WorkWeek week)
    {
        ArgumentNullException.ThrowIfNull(items);
        week = WorkWeek.FromMask(week.Mask);
        var capacity = Math.Max(1, dailyCapacity);
        var plan = new Dictionary<int, DateOnly>(items.Count);
        var load = new Dictionary<DateOnly, int>();
        var firstDay = week.OnOrAfter(today);
        void Put(Item item, DateOnly day, DateOnly countOn)
        {
            plan[item.Id] = day;
            load[countOn] = load.GetValueOrDefault(countOn) + 1;
        }
        bool HasRoom(DateOnly day) => load.GetValueOrDefault(day) < capacity;
        DateOnly Release(Item item) => week.OnOrAfter(item.NotBefore is { } nb && nb > today ? nb : today);

        foreach (var item in items.Where(i => i.MissedOn is { } m && m < today && i.NotBefore is null))
            Put(item, item.MissedOn!.Value, firstDay);

        foreach (var item in items.Where(i => !plan.ContainsKey(i.Id) && i.Priority == PlanPriority.Occasion).OrderBy(i => i.DueOn).ThenBy(i => i.Id))
        {
            var release = Release(item);
            var last = week.OnOrBefore(item.DueOn);
            if (last < release)
            {
                // The date has passed, or no working day is left before it: as soon as possible.
                Put(item, release, release);
                continue;
            }
            var day = last;
            while (day > release && !HasRoom(day)) day = week.OnOrBefore(day.AddDays(-1));
            if (!HasRoom(day)) day = last; // every day up to the date is full: on the date's own working day, over the capacity
            Put(item, day, day);
        }

        var rest = items.Where(i => !plan.ContainsKey(i.Id))
            .Select(i => (Item: i, Release: Release(i)))
            .OrderBy(x => x.Release).ThenBy(x => x.Item.DueOn).ThenBy(x => x.Item.Id)
            .ToArray();
        var due = new PriorityQueue<Item, (PlanPriority, decimal, DateOnly, int)>();
        var notYetDue = new PriorityQueue<Item, (DateOnly, int)>();
        var next = 0;
        var current = firstDay;
        while (next < rest.Length || due.Count > 0 || notYetDue.Count > 0)
        {
            if (due.Count == 0 && notYetDue.Count == 0 && rest[next].Release > current) current = rest[next].Release;
            while (next < rest.Length && rest[next].Release <= current)
            {
                var item = rest[next++].Item;
                notYetDue.Enqueue(item, (item.DueOn, item.Id));
            }
            while (notYetDue.TryPeek(out var waiting, out _) && waiting.DueOn <= current)
            {
                notYetDue.Dequeue();
                due.Enqueue(waiting, (waiting.Priority, -waiting.Value, waiting.DueOn, waiting.Id));
            }
            while (HasRoom(current) && (due.TryDequeue(out var item, out _) || notYetDue.TryDequeue(out item, out _)))
                Put(item, current, current);
            current = week.OnOrAfter(current.AddDays(1));
        }
        return plan;
    }
}
