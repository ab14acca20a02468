using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Today;

/// <summary>
/// Keeps exactly one open check-in follow-up per contactable client, due on the date <see cref="CheckInRule"/> gives
/// (kept current in <see cref="Client.NextCheckInOn"/> by <c>ClientFacts</c>). All set-based; pass a client id to
/// bring one client up to date after a touch, or null for everyone.
/// </summary>
public static class CheckInSchedule
{
    /// <summary>Check-ins are put on the list this many days before they are due (and when overdue).</summary>
    public const int HorizonDays = 14;

    public static string SourceKey(int clientId, DateOnly dueOn) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"checkin:{clientId}:{dueOn:yyyy-MM-dd}");

    /// <summary>Closes open check-ins whose due date no longer matches the rule, and occasions of clients that must be left alone.</summary>
    public static async Task<int> CloseStaleAsync(CrmDbContext db, int? clientId, DateTime nowUtc, CancellationToken ct)
    {
        var open = db.FollowUps.Where(f => f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed);
        if (clientId is { } id) open = open.Where(f => f.ClientId == id);

        var uncontactable = await open
            .Where(f => (f.Kind == FollowUpKind.CheckIn || f.Kind == FollowUpKind.Occasion)
                && (f.Client!.DoNotContact || (f.Client.Status != ClientStatus.Client && f.Client.Status != ClientStatus.Prospect)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(f => f.Status, FollowUpStatus.Dismissed)
                .SetProperty(f => f.ClosedReasonCode, FollowUpReasons.NotContactable)
                .SetProperty(f => f.ClosedAtUtc, nowUtc), ct);

        // The due date moved (a touch, a purchase, a new cadence): the old one closes and frees its key.
        var moved = await open
            .Where(f => f.Kind == FollowUpKind.CheckIn && (f.Client!.NextCheckInOn == null || f.Client.NextCheckInOn != f.DueOn))
            .ExecuteUpdateAsync(s => s
                .SetProperty(f => f.Status, FollowUpStatus.Dismissed)
                .SetProperty(f => f.ClosedReasonCode, FollowUpReasons.CheckInMoved)
                .SetProperty(f => f.ClosedAtUtc, nowUtc)
                .SetProperty(f => f.SourceKey, f => f.SourceKey + ":closed:" + f.Id), ct);
        return uncontactable + moved;
    }

    /// <summary>Creates the check-in of every contactable client due within the horizon (or overdue) that has none open.</summary>
    public static async Task<int> CreateDueAsync(CrmDbContext db, int? clientId, DateOnly today, DateTime nowUtc, CancellationToken ct)
    {
        const string due = """
            SELECT c."Id", c."OwnerId", c."NextCheckInOn"
            FROM "Clients" AS c
            WHERE c."NextCheckInOn" IS NOT NULL AND c."NextCheckInOn" <= {3}
              AND NOT c."DoNotContact" AND c."Status" IN ('Client', 'Prospect')
              AND EXISTS (SELECT 1 FROM "AspNetUsers" AS u WHERE u."Id" = c."OwnerId")
              AND NOT EXISTS (SELECT 1 FROM "FollowUps" AS f
                              WHERE f."ClientId" = c."Id" AND f."Kind" = 'CheckIn' AND f."Status" IN ('Open', 'Snoozed'))
            """;
        const string insert = """
            INSERT INTO "FollowUps" ("ClientId", "AssigneeId", "Kind", "DueOn", "PlannedOn", "Status", "Reason", "ReasonCode", "SourceKey", "CreatedAtUtc")
            SELECT d."Id", d."OwnerId", 'CheckIn', d."NextCheckInOn",
                   CASE WHEN d."NextCheckInOn" < {0} THEN {0} ELSE d."NextCheckInOn" END,
                   'Open', '', {1}, 'checkin:' || d."Id" || ':' || d."NextCheckInOn", {2}
            """;
        // {0} today, {1} reason code, {2} now, {3} horizon, {4} client: EF makes each a parameter of the current provider.
        object[] values = [today, FollowUpReasons.CheckIn, nowUtc, today.AddDays(HorizonDays), clientId ?? 0];
        if (clientId is not null)
        {
            return await db.Database.ExecuteSqlRawAsync(
                insert + " FROM (" + due + """ AND c."Id" = {4}) AS d WHERE true ON CONFLICT ("SourceKey") DO NOTHING""", values, ct);
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

    /// <summary>Brings one client's check-in up to date right after a touch, so the next check-in moves at once.</summary>
    public static async Task SyncClientAsync(CrmDbContext db, int clientId, DateOnly today, DateTime nowUtc, CancellationToken ct)
    {
        await CloseStaleAsync(db, clientId, nowUtc, ct);
        await CreateDueAsync(db, clientId, today, nowUtc, ct);
    }
}
