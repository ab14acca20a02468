using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LybuntCrm.Web.Features.Today;

/// <summary>Plans every open follow-up of each manager with <see cref="CapacityPlanner"/> and writes the changed dates back in one batch.</summary>
public static class FollowUpPlanning
{
    private sealed record Row(int Id, string AssigneeId, DateOnly DueOn, DateOnly PlannedOn, DateOnly? SnoozedUntil);

    /// <summary>Returns how many follow-ups got a new planned date. Pass assignee ids to plan only those managers.</summary>
    public static async Task<int> LevelAsync(CrmDbContext db, IClock clock, IReadOnlyCollection<string>? assigneeIds, CancellationToken ct)
    {
        var users = db.Users.AsNoTracking();
        if (assigneeIds is not null) users = users.Where(u => assigneeIds.Contains(u.Id));
        var managers = await users.Select(u => new { u.Id, u.DailyCapacity, u.TimeZoneId }).ToListAsync(ct);

        var open = db.FollowUps.AsNoTracking().Where(f => f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed);
        if (assigneeIds is not null) open = open.Where(f => assigneeIds.Contains(f.AssigneeId));
        var rows = await open.Select(f => new Row(f.Id, f.AssigneeId, f.DueOn, f.PlannedOn, f.SnoozedUntil)).ToListAsync(ct);

        var changes = new List<(int Id, DateOnly PlannedOn)>();
        var byAssignee = rows.GroupBy(r => r.AssigneeId).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var manager in managers)
        {
            if (!byAssignee.TryGetValue(manager.Id, out var work)) continue;
            var today = clock.TodayIn(manager.TimeZoneId);
            var plan = CapacityPlanner.Plan(
                work.Select(r => new CapacityPlanner.Item(r.Id, r.DueOn, r.SnoozedUntil)).ToList(), today, manager.DailyCapacity);
            foreach (var row in work)
            {
                var planned = plan[row.Id];
                if (planned != row.PlannedOn) changes.Add((row.Id, planned));
            }
        }
        await WritePlannedDatesAsync(db, changes, ct);
        return changes.Count;
    }

    /// <summary>One prepared UPDATE run for every changed row inside one transaction: fast on SQLite even for 100,000 rows.</summary>
    private static async Task WritePlannedDatesAsync(CrmDbContext db, List<(int Id, DateOnly PlannedOn)> changes, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = tx.GetDbTransaction();
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
            await tx.CommitAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
