namespace LybuntCrm.Web.Domain;

/// <summary>
/// Spreads a manager's open follow-ups over the days ahead. Day by day from today, each day takes up to the daily
/// capacity of the available items with the earliest due date (earliest-deadline-first). That gives three guarantees:
/// no day holds more than the capacity; an item is planned after its due date only when every day from today to that
/// due date is already full of work due no later than it (so no plan could have kept it on time without making
/// something more urgent late); and overdue work comes before work that is not yet due. Nothing is planned before
/// today, and a snoozed item is not planned before its snooze date.
/// </summary>
public static class CapacityPlanner
{
    public readonly record struct Item(int Id, DateOnly DueOn, DateOnly? NotBefore = null);

    /// <summary>Returns the planned day for every item, keyed by id.</summary>
    public static Dictionary<int, DateOnly> Plan(IReadOnlyList<Item> items, DateOnly today, int dailyCapacity)
    {
        ArgumentNullException.ThrowIfNull(items);
        var capacity = Math.Max(1, dailyCapacity);
        var plan = new Dictionary<int, DateOnly>(items.Count);
        if (items.Count == 0) return plan;

        // Items in the order they become available.
        var byRelease = items
            .Select(i => (Item: i, Release: i.NotBefore is { } nb && nb > today ? nb : today))
            .OrderBy(x => x.Release).ThenBy(x => x.Item.DueOn).ThenBy(x => x.Item.Id)
            .ToArray();
        var ready = new PriorityQueue<Item, (DateOnly Due, int Id)>(items.Count);
        var next = 0;
        var day = today;
        while (plan.Count < byRelease.Length)
        {
            if (ready.Count == 0 && byRelease[next].Release > day) day = byRelease[next].Release;
            while (next < byRelease.Length && byRelease[next].Release <= day)
            {
                var item = byRelease[next++].Item;
                ready.Enqueue(item, (item.DueOn, item.Id));
            }
            for (var taken = 0; taken < capacity && ready.TryDequeue(out var item, out _); taken++)
                plan[item.Id] = day;
            day = day.AddDays(1);
        }
        return plan;
    }
}
