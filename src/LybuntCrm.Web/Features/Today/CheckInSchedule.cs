using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Today;

/// <summary>
/// Keeps one open contact item per contactable client with an owner: its win-back when it has one (a win-back supersedes
/// the routine check-in), else its check-in, due on the date <see cref="CheckInRule"/> gives (kept current in
/// <see cref="Client.NextCheckInOn"/> by <c>ClientFacts</c>). Set-based, the same statements for one client (after a
/// touch, a purchase, an edit) and for everyone (nightly); runs in the caller's transaction.
/// </summary>
public static class CheckInSchedule
{
    /// <summary>Check-ins are put on the list this many days before they are due (and when overdue).</summary>
    public const int HorizonDays = 14;

    /// <summary>A call nobody answered: the check-in stays open and comes back this many days later.</summary>
    public const int RetryDays = 2;

    public static string SourceKey(int clientId, DateOnly dueOn) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"checkin:{clientId}:{dueOn:yyyy-MM-dd}");

    /// <summary>Everything the schedule did for the clients in scope: how many items it closed and created.</summary>
    public sealed record Outcome(int Closed, int Created)
    {
        public bool Changed => Closed + Created > 0;
    }

    /// <summary>Closes what must not stay open and creates the check-ins now due, for the given clients (null: all).</summary>
    public static async Task<Outcome> SyncAsync(CrmDbContext db, IReadOnlyCollection<int>? clientIds, DateOnly today, DateTime nowUtc, CancellationToken ct)
    {
        var closed = await CloseStaleAsync(db, clientIds, nowUtc, ct);
        var created = await CreateDueAsync(db, clientIds, today, nowUtc, ct);
        return new Outcome(closed, created);
    }

    /// <summary>
    /// Closes the follow-ups of clients that must be left alone, check-ins a win-back supersedes, and check-ins whose due
    /// date no longer matches the rule (a touch, a purchase, a new cadence moved it). A closed check-in frees its key.
    /// </summary>
    public static async Task<int> CloseStaleAsync(CrmDbContext db, IReadOnlyCollection<int>? clientIds, DateTime nowUtc, CancellationToken ct)
    {
        var open = db.FollowUps.Where(f => f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed);
        if (clientIds is not null) open = open.Where(f => clientIds.Contains(f.ClientId));

        var notContactable = Negate(ClientRules.Contactable);
        var uncontactable = await open
            .Where(f => f.Kind == FollowUpKind.CheckIn || f.Kind == FollowUpKind.Occasion || f.Kind == FollowUpKind.WinBack)
            .Where(f => db.Clients.Where(notContactable).Any(c => c.Id == f.ClientId))
            .ExecuteUpdateAsync(s => s
                .SetProperty(f => f.Status, FollowUpStatus.Dismissed)
                .SetProperty(f => f.ClosedReasonCode, FollowUpReasons.NotContactable)
                .SetProperty(f => f.ClosedAtUtc, nowUtc)
                .SetProperty(f => f.SourceKey, f => f.Kind == FollowUpKind.CheckIn ? f.SourceKey + ":closed:" + f.Id : f.SourceKey), ct);

        var superseded = await open
            .Where(f => f.Kind == FollowUpKind.CheckIn && db.FollowUps.Any(w => w.ClientId == f.ClientId && w.Kind == FollowUpKind.WinBack
                && (w.Status == FollowUpStatus.Open || w.Status == FollowUpStatus.Snoozed)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(f => f.Status, FollowUpStatus.Dismissed)
                .SetProperty(f => f.ClosedReasonCode, FollowUpReasons.SupersededByWinBack)
                .SetProperty(f => f.ClosedAtUtc, nowUtc)
                .SetProperty(f => f.SourceKey, f => f.SourceKey + ":closed:" + f.Id), ct);

        var moved = await open
            .Where(f => f.Kind == FollowUpKind.CheckIn && (f.Client!.NextCheckInOn == null || f.Client.NextCheckInOn != f.DueOn))
            .ExecuteUpdateAsync(s => s
                .SetProperty(f => f.Status, FollowUpStatus.Dismissed)
                .SetProperty(f => f.ClosedReasonCode, FollowUpReasons.CheckInMoved)
                .SetProperty(f => f.ClosedAtUtc, nowUtc)
                .SetProperty(f => f.SourceKey, f => f.SourceKey + ":closed:" + f.Id), ct);
        return uncontactable + superseded + moved;
    }

    /// <summary>
    /// Creates the check-in of every contactable client with an owner, due within the horizon (or overdue), that has no
    /// open check-in or win-back.
    /// </summary>
    public static async Task<int> CreateDueAsync(CrmDbContext db, IReadOnlyCollection<int>? clientIds, DateOnly today, DateTime nowUtc, CancellationToken ct)
    {
        const string due = $$"""
            SELECT c."Id", c."OwnerId", c."NextCheckInOn"
            FROM "Clients" AS c
            WHERE c."NextCheckInOn" IS NOT NULL AND c."NextCheckInOn" <= {3}
              AND {{ClientRules.ContactableSql}}
              AND EXISTS (SELECT 1 FROM "AspNetUsers" AS u WHERE u."Id" = c."OwnerId")
              AND NOT EXISTS (SELECT 1 FROM "FollowUps" AS f
                              WHERE f."ClientId" = c."Id" AND f."Kind" IN ('CheckIn', 'WinBack') AND f."Status" IN ('Open', 'Snoozed'))
            """;
        const string insert = """
            INSERT INTO "FollowUps" ("ClientId", "AssigneeId", "Kind", "DueOn", "PlannedOn", "Status", "Reason", "ReasonCode", "SourceKey", "CreatedAtUtc")
            SELECT d."Id", d."OwnerId", 'CheckIn', d."NextCheckInOn",
                   CASE WHEN d."NextCheckInOn" < {0} THEN {0} ELSE d."NextCheckInOn" END,
                   'Open', '', {1}, 'checkin:' || d."Id" || ':' || d."NextCheckInOn", {2}
            """;
        // {0} today, {1} reason code, {2} now, {3} horizon: EF makes each a parameter of the current provider.
        object[] values = [today, FollowUpReasons.CheckIn, nowUtc, today.AddDays(HorizonDays)];
        if (clientIds is not null)
        {
            if (clientIds.Count == 0) return 0;
            // Ids are numbers, written into the statement: a list of any length stays one statement.
            var ids = string.Join(",", clientIds.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
#pragma warning disable EF1003 // the only text added is a list of integers
            return await db.Database.ExecuteSqlRawAsync(
                insert + " FROM (" + due + $""" AND c."Id" IN ({ids})) AS d WHERE true ON CONFLICT ("SourceKey") DO NOTHING""", values, ct);
#pragma warning restore EF1003
        }
        // Every client at once: the clients due are collected first. An INSERT whose NOT EXISTS reads the table it fills
        // can be planned on PostgreSQL as a nested loop over a scan of that table, which then grows with every row inserted.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync("""
                DROP TABLE IF EXISTS checkin_due;
                CREATE TEMP TABLE checkin_due AS SELECT c."Id", c."OwnerId", c."NextCheckInOn" FROM "Clients" AS c WHERE false;
                """, ct);
            await db.Database.ExecuteSqlRawAsync("INSERT INTO checkin_due " + due, values, ct);
            // "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint.
            return await db.Database.ExecuteSqlRawAsync(insert + """ FROM checkin_due AS d WHERE true ON CONFLICT ("SourceKey") DO NOTHING""", values, ct);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE IF EXISTS checkin_due", ct);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static System.Linq.Expressions.Expression<Func<Client, bool>> Negate(System.Linq.Expressions.Expression<Func<Client, bool>> rule) =>
        System.Linq.Expressions.Expression.Lambda<Func<Client, bool>>(System.Linq.Expressions.Expression.Not(rule.Body), rule.Parameters);
}
