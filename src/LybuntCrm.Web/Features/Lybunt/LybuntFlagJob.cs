using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Features.Webhooks;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Lybunt;

/// <summary>What one run of the flagging changed.</summary>
public sealed record LybuntFlagResult(int FiscalYear, int Computed, int Flagged, int Unflagged, int WinBacksClosed, int WinBacksCreated,
    string StepTimings);

/// <summary>
/// Marks every client LYBUNT, SYBUNT or neither as of today (<see cref="Retention"/> is the rule; this is the same rule in SQL),
/// records revenue at risk and when the client was first flagged, recovers clients who bought again and
/// closes their win-backs, and gives each LYBUNT client that may be contacted one win-back follow-up per fiscal year.
/// Set-based: a handful of statements whatever the number of clients; running it twice changes nothing the second time.
/// </summary>
public sealed class LybuntFlagJob(CrmDbContext db, IClock clock, Audit audit, WebhookEvents webhooks, ILogger<LybuntFlagJob> logger) : ICrmJob
{
    public const string JobId = "lybunt-flag";

    /// <summary>When the flags were last computed (UTC, round-trip format); pages key their cached figures on it.</summary>
    public const string LastRunSetting = "Lybunt.LastRunUtc";

    /// <summary>How long the last run took, in milliseconds: the page that starts a run estimates its progress from it.</summary>
    public const string LastDurationSetting = "Lybunt.LastRunMilliseconds";

    public async Task RunAsync(CancellationToken ct) => await FlagAsync(ct);

    public async Task<LybuntFlagResult> FlagAsync(CancellationToken ct)
    {
        var now = clock.UtcNow;
        var started = Stopwatch.StartNew();
        var statements = new Statements(db, webhooks);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // The first run moves most clients in both retention indexes at random places: with the whole of them in the
            // page cache that costs what the hand-written UPDATE does (128 MB: 0.75×, 64 MB: 1.3×, the default 20 MB: 3×).
            await using var cache = await db.Dialect.BulkCacheAsync(db, megabytes: 128, ct);
            var (year, computed, flagged, unflagged, closed, created) = await statements.RunAsync(clock, clientIds: null, commit: true, ct);

            var result = new LybuntFlagResult(year.StartYear, computed, flagged, unflagged, closed, created,
                "ms per statement: " + string.Join(" / ", statements.Timings));
            logger.LogInformation("LYBUNT flagging for fiscal year {FiscalYear}: {Result}", year, result);
            await db.SetSettingAsync(LastRunSetting, now.ToString("O", CultureInfo.InvariantCulture), ct);
            await db.SetSettingAsync(LastDurationSetting, started.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture), ct);
            await audit.RecordNowAsync("lybunt.flag", "FiscalYear", year.StartYear,
                $"flagged or updated {flagged}, unflagged {unflagged}, win-backs closed {closed}, created {created}");
            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The same rule for some clients only, in the caller's transaction: a purchase, an edit or an import row takes
    /// effect on the flag and the win-back at once instead of the next night. Null: every client.
    /// </summary>
    /// <remarks>The flags and win-backs only: the caller (the change pipeline) brings the contact items and plans up to date.</remarks>
    /// <param name="webhooks">Writes <c>client.flagged_lybunt</c> and <c>client.recovered</c> for the clients whose flag changed; null: none.</param>
    /// <returns>How many win-backs were created or closed: the owners' plans need another look when any were.</returns>
    public static async Task<int> ClassifyAsync(CrmDbContext db, IClock clock, IReadOnlyCollection<int>? clientIds, CancellationToken ct,
        WebhookEvents? webhooks = null)
    {
        if (clientIds is { Count: 0 }) return 0;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var result = await new Statements(db, webhooks).RunAsync(clock, clientIds, commit: false, ct);
            return result.Closed + result.Created;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The statements of the rule, for every client or for the given ones; timed one by one.</summary>
    private sealed class Statements(CrmDbContext db, WebhookEvents? webhooks)
    {
        public List<string> Timings { get; } = [];

        public async Task<(FiscalYear Year, int Computed, int Flagged, int Unflagged, int Closed, int Created)> RunAsync(
            IClock clock, IReadOnlyCollection<int>? clientIds, bool commit, CancellationToken ct)
        {
            var today = clock.Today;
            var now = clock.UtcNow;
            var startMonth = await db.FiscalStartMonthAsync(ct);
            var year = FiscalYear.Containing(today, startMonth);
            // Ids are numbers, written into the statements: one client or thousands, the same statements.
            var ids = clientIds is null ? null : string.Join(",", clientIds.Select(id => id.ToString(CultureInfo.InvariantCulture)));
            string Only(string column) => ids is null ? "" : $" AND {column} IN ({ids})";
            // From the provider's dialect: the temp tables' column types (dates are text and money REAL on SQLite, date and numeric on
            // PostgreSQL), the first day of the fiscal year holding a date, and money as text.
            var (money, day) = (db.Dialect.MoneyColumnType, db.Dialect.DateColumnType);
            var fiscalStartOfLastAsOf = db.Dialect.FiscalYearStartOf("r.\"LastAsOf\"", "@startMonth");
            // The win-back's reason values: last year's total as invariant text ("1234.50"), shown in the reader's format.
            var lastYearTotalText = db.Dialect.MoneyAsText("c.\"LastYearTotal\"");

            // 1. Per client with purchases: the rule's inputs, kept only for clients the rule flags. Reads only, so it runs
            //    before the write transaction and does not hold other writers up.
            await ExecAsync(
                $"""
                    DROP TABLE IF EXISTS retention_calc;
                    CREATE TEMP TABLE retention_calc (
                        "ClientId" INTEGER PRIMARY KEY, "Flag" TEXT NOT NULL, "AtRisk" {money} NOT NULL, "LastAsOf" {day} NOT NULL);
                    """, ct);
            var computed = await ExecAsync(
                $"""
                    INSERT INTO retention_calc ("ClientId", "Flag", "AtRisk", "LastAsOf")
                    SELECT "ClientId",
                           CASE WHEN MAX(CASE WHEN "Date" <= @today THEN "Date" END) >= @lastStart THEN 'Lybunt' ELSE 'Sybunt' END,
                           COALESCE(SUM(CASE WHEN "Date" >= @lastStart AND "Date" < @thisStart THEN "Amount" END), 0),
                           MAX(CASE WHEN "Date" <= @today THEN "Date" END)
                    FROM "Purchases"
                    WHERE "Status" = 'Completed'{Only("\"ClientId\"")}
                    GROUP BY "ClientId"
                    HAVING MAX(CASE WHEN "Date" <= @today THEN "Date" END) < @thisStart
                    """, ct, P("@today", today), P("@lastStart", year.Previous.Start), P("@thisStart", year.Start));

            // 2. SYBUNT revenue at risk: the total of the client's last buying fiscal year (the one holding LastAsOf).
            await ExecAsync(
                $"""
                    UPDATE retention_calc AS r SET "AtRisk" = (
                        SELECT COALESCE(SUM(p."Amount"), 0) FROM "Purchases" p
                        WHERE p."ClientId" = r."ClientId" AND p."Status" = 'Completed' AND p."Date" <= r."LastAsOf"
                          AND p."Date" >= {fiscalStartOfLastAsOf})
                    WHERE "Flag" = 'Sybunt'
                    """, ct, P("@startMonth", startMonth));

            await using var tx = commit && db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;

            // 3. The clients to unflag: flagged, but no longer by the rule (found before flagging, which changes none of them:
            //    on a first run there is then nothing to look through). NOT EXISTS, not NOT IN: PostgreSQL turns a NOT IN
            //    whose list outgrows work_mem into a rescan of the list per client. One with a completed purchase this fiscal year (up
            //    to today) is recovered, on the day of that first purchase; one that only lost its purchases (cancelled,
            //    deleted) is simply no longer flagged.
            await ExecAsync(
                $"""
                    DROP TABLE IF EXISTS retention_gone;
                    CREATE TEMP TABLE retention_gone ("ClientId" INTEGER PRIMARY KEY, "RecoveredOn" {day}, "WasFlag" TEXT NOT NULL);
                    INSERT INTO retention_gone ("ClientId", "RecoveredOn", "WasFlag")
                    SELECT c."Id", (SELECT MIN(p."Date") FROM "Purchases" p WHERE p."ClientId" = c."Id" AND p."Status" = 'Completed'
                                                                         AND p."Date" >= @thisStart AND p."Date" <= @today),
                           c."RetentionFlag"
                    FROM "Clients" AS c
                    WHERE c."RetentionFlag" IN ('Lybunt', 'Sybunt'){Only("c.\"Id\"")}
                      AND NOT EXISTS (SELECT 1 FROM retention_calc AS r WHERE r."ClientId" = c."Id");
                    """, ct, P("@today", today), P("@thisStart", year.Start));
            // The clients about to become LYBUNT, for client.flagged_lybunt: only when some endpoint takes it, and set-based.
            var announceFlagged = webhooks is not null && await webhooks.WantedAsync(WebhookEventTypes.ClientFlaggedLybunt, ct);
            if (announceFlagged)
            {
                await ExecAsync(
                    $"""
                        DROP TABLE IF EXISTS retention_newly;
                        CREATE TEMP TABLE retention_newly ("ClientId" INTEGER PRIMARY KEY);
                        INSERT INTO retention_newly ("ClientId")
                        SELECT r."ClientId" FROM retention_calc AS r JOIN "Clients" AS c ON c."Id" = r."ClientId"
                        WHERE r."Flag" = 'Lybunt' AND c."RetentionFlag" <> 'Lybunt'
                        """, ct);
            }

            // 4. Flag (only rows that change are written). FirstFlaggedOn is kept while a client stays flagged on either list.
            //    The last purchase date is not written here: ClientFacts keeps it with every purchase change, and setting it
            //    for each flagged client would rewrite two of its indexes per row, which made the first run three times slower.
            var flagged = await ExecAsync(
                """
                    UPDATE "Clients" SET
                        "RetentionFlag" = c."Flag",
                        "LastYearTotal" = c."AtRisk",
                        "FirstFlaggedOn" = CASE WHEN "Clients"."RetentionFlag" = 'None' OR "Clients"."FirstFlaggedOn" IS NULL THEN @today ELSE "Clients"."FirstFlaggedOn" END,
                        "FlaggedFiscalYear" = @fy
                    FROM retention_calc AS c
                    WHERE c."ClientId" = "Clients"."Id"
                      AND ("Clients"."RetentionFlag" IS DISTINCT FROM c."Flag" OR "Clients"."LastYearTotal" IS DISTINCT FROM c."AtRisk"
                           OR "Clients"."FlaggedFiscalYear" IS DISTINCT FROM @fy OR "Clients"."FirstFlaggedOn" IS NULL)
                    """, ct, P("@today", today), P("@fy", year.StartYear));
            var unflagged = await ExecAsync(
                """
                    UPDATE "Clients" SET
                        "RetentionFlag" = 'None',
                        "RecoveredOn" = COALESCE(g."RecoveredOn", "Clients"."RecoveredOn"),
                        "RecoveredFrom" = CASE WHEN g."RecoveredOn" IS NOT NULL THEN "Clients"."RetentionFlag" ELSE "Clients"."RecoveredFrom" END
                    FROM retention_gone AS g
                    WHERE g."ClientId" = "Clients"."Id"
                    """, ct);

            // The events of the flags that changed, in the same transaction: the clients newly LYBUNT, and the LYBUNT clients
            // who bought again (a client who only lost its purchases, or a SYBUNT one, is not a recovered LYBUNT client).
            if (announceFlagged)
            {
                await webhooks!.ClientsSelectedAsync(WebhookEventTypes.ClientFlaggedLybunt, "SELECT \"ClientId\" AS \"Value\" FROM retention_newly", ct);
                await ExecAsync("DROP TABLE IF EXISTS retention_newly", ct);
            }
            if (webhooks is not null && unflagged > 0)
                await webhooks.ClientsSelectedAsync(WebhookEventTypes.ClientRecovered,
                    "SELECT \"ClientId\" AS \"Value\" FROM retention_gone WHERE \"RecoveredOn\" IS NOT NULL AND \"WasFlag\" = 'Lybunt'", ct);

            // 5. Their open win-backs close: done as recovered, or dismissed.
            var closed = await ExecAsync(
                """
                    UPDATE "FollowUps" SET
                        "Status" = CASE WHEN g."RecoveredOn" IS NOT NULL THEN 'Done' ELSE 'Dismissed' END,
                        "ClosedReasonCode" = CASE WHEN g."RecoveredOn" IS NOT NULL THEN @recovered ELSE @noLonger END,
                        "ClosedAtUtc" = @now
                    FROM retention_gone AS g
                    WHERE g."ClientId" = "FollowUps"."ClientId" AND "FollowUps"."Kind" = 'WinBack' AND "FollowUps"."Status" IN ('Open', 'Snoozed')
                    """, ct, P("@recovered", Retention.RecoveredReason), P("@noLonger", Retention.NoLongerAtRiskReason), P("@now", now));

            // 6. One win-back per LYBUNT client that may be contacted, per fiscal year: the unique source key makes it
            //    idempotent. Not "NOT EXISTS (… FollowUps …)": on PostgreSQL an INSERT reading the table it fills can be planned
            //    as a nested loop over a scan of that table, which grows with every row inserted (hours for 300k win-backs).
            var created = await ExecAsync(
                $"""
                    INSERT INTO "FollowUps" ("ClientId", "AssigneeId", "Kind", "DueOn", "PlannedOn", "Status", "Reason", "ReasonCode", "ReasonArgs",
                                             "SourceKey", "CreatedAtUtc")
                    SELECT c."Id", c."OwnerId", 'WinBack', @today, @today, 'Open', '', @code, '["' || {lastYearTotalText} || '"]',
                           'winback:' || c."Id" || ':' || @fy, @now
                    FROM "Clients" AS c
                    WHERE c."RetentionFlag" = 'Lybunt' AND {ClientRules.ContactableSql}{Only("c.\"Id\"")}
                    ON CONFLICT ("SourceKey") DO NOTHING
                    """, ct, P("@today", today), P("@fy", year.StartYear), P("@now", now), P("@code", FollowUpReasons.WinBack));

            // 7. The nightly run: a win-back supersedes the routine check-in, and a recovered client is back on its
            //    check-ins (the client's one contact item), then the plans, in the same transaction.
            if (commit)
            {
                await CheckInSchedule.SyncAsync(db, clientIds, today, now, ct);
                await FollowUpPlanning.LevelAsync(db, clock, assigneeIds: null, ct);
            }

            var committing = Stopwatch.GetTimestamp();
            if (tx is not null) await tx.CommitAsync(ct);
            RecordTiming(committing, "commit ");
            await ExecAsync("DROP TABLE IF EXISTS retention_calc; DROP TABLE IF EXISTS retention_gone;", ct);
            return (year, computed, flagged, unflagged, closed, created);
        }

        /// <summary>A parameter of the current provider.</summary>
        private DbParameter P(string name, object value)
        {
            var parameter = DbProviderFactories.GetFactory(db.Database.GetDbConnection())!.CreateParameter()!;
            parameter.ParameterName = name;
            parameter.Value = value;
            return parameter;
        }

        private async Task<int> ExecAsync(string sql, CancellationToken ct, params DbParameter[] parameters)
        {
            var started = Stopwatch.GetTimestamp();
            var rows = await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
            RecordTiming(started);
            return rows;
        }

        private void RecordTiming(long started, string label = "") =>
            Timings.Add(label + Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture));
    }
}
