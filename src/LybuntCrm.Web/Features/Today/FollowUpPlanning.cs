using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LybuntCrm.Web.Features.Today;

/// <summary>
/// Plans every open follow-up of each manager with <see cref="CapacityPlanner"/> over the manager's working days and
/// writes the changed dates back in one batch, in the caller's transaction when there is one.
/// </summary>
public static class FollowUpPlanning
{
    private sealed record Row(int Id, string AssigneeId, FollowUpKind Kind, DateOnly DueOn, DateOnly PlannedOn, FollowUpStatus Status,
        DateOnly? SnoozedUntil, decimal Value);

    /// <summary>The planning order of a kind of follow-up.</summary>
    public static PlanPriority PriorityOf(FollowUpKind kind) => kind switch
    {
        FollowUpKind.Occasion => PlanPriority.Occasion,
        FollowUpKind.WinBack => PlanPriority.WinBack,
        FollowUpKind.ProspectReview => PlanPriority.Review,
        _ => PlanPriority.CheckIn,
    };

    /// <summary>Returns how many follow-ups got a new planned date. Pass assignee ids to plan only those managers.</summary>
    public static async Task<int> LevelAsync(CrmDbContext db, IClock clock, IReadOnlyCollection<string>? assigneeIds, CancellationToken ct)
    {
        if (assigneeIds is { Count: 0 }) return 0;
        var users = db.Users.AsNoTracking();
        if (assigneeIds is not null) users = users.Where(u => assigneeIds.Contains(u.Id));
        var managers = await users.Select(u => new { u.Id, u.DailyCapacity, u.TimeZoneId, u.WorkingDays }).ToListAsync(ct);

        var open = db.FollowUps.AsNoTracking().Where(f => f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed);
        if (assigneeIds is not null) open = open.Where(f => assigneeIds.Contains(f.AssigneeId));
        // Value: revenue at risk for a flagged client, else what a prospect is expected to bring.
        var rows = await open.Select(f => new Row(f.Id, f.AssigneeId, f.Kind, f.DueOn, f.PlannedOn, f.Status, f.SnoozedUntil,
            f.Client!.RetentionFlag != RetentionFlag.None ? f.Client.LastYearTotal : f.Client.ExpectedValue ?? 0m)).ToListAsync(ct);

        var changes = new List<(int Id, DateOnly PlannedOn)>();
        var byAssignee = rows.GroupBy(r => r.AssigneeId).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var manager in managers)
        {
            if (!byAssignee.TryGetValue(manager.Id, out var work)) continue;
            var today = clock.TodayIn(manager.TimeZoneId);
            var plan = CapacityPlanner.Plan(work.Select(r => Item(r, today)).ToList(), today, manager.DailyCapacity, WorkWeek.FromMask(manager.WorkingDays));
            foreach (var row in work)
            {
                var planned = plan[row.Id];
                if (planned != row.PlannedOn) changes.Add((row.Id, planned));
            }
        }
        await WritePlannedDatesAsync(db, changes, ct);
        return changes.Count;
    }

    private static CapacityPlanner.Item Item(Row r, DateOnly today)
    {
        var snoozed = r.SnoozedUntil is { } until && until > today ? until : (DateOnly?)null;
        // Planned on a past day and still open: missed, and it stays where it was (that is what "overdue" means).
        var missed = snoozed is null && r.PlannedOn < today ? r.PlannedOn : (DateOnly?)null;
        return new CapacityPlanner.Item(r.Id, r.DueOn, snoozed, PriorityOf(r.Kind), r.Value, missed);
    }

    /// <summary>One prepared UPDATE run for every changed row: fast on SQLite even for 100,000 rows.</summary>
    private static async Task WritePlannedDatesAsync(CrmDbContext db, List<(int Id, DateOnly PlannedOn)> changes, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.InTransactionAsync(async () =>
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
                command.CommandText = """UPDATE "FollowUps" SET "PlannedOn" = @planned WHERE "Id" = @id""";
                var planned = command.CreateParameter();
                planned.ParameterName = "@planned";
                planned.DbType = System.Data.DbType.Date;
                var id = command.CreateParameter();
                id.ParameterName = "@id";
                id.DbType = System.Data.DbType.Int32;
                command.Parameters.Add(planned);
                command.Parameters.Add(id);
                command.Prepare();
                foreach (var change in changes)
                {
                    planned.Value = change.PlannedOn;
                    id.Value = change.Id;
                    await command.ExecuteNonQueryAsync(ct);
                }
            }, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
