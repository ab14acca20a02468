using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients.Duplicates;
using LybuntCrm.Web.Infrastructure.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LybuntCrm.IntegrationTests.Features.Clients.Duplicates.DuplicateSeed;

namespace LybuntCrm.IntegrationTests.Features.Clients.Duplicates;

/// <summary>A merge moves everything that points at the absorbed client, recomputes what derives from it, and is undone exactly.</summary>
public sealed class ClientMergeTests
{
    // Monday 15 June 2026: fiscal year 2026 (January start), last year 2025.
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static IEnumerable<ClientMergeChange> Moves => ClientMergeChange.All.Where(c => c.Policy == MergePolicy.Move);

    /// <summary>The ids of the rows of a moved table that point at a client, read by the same table and column names the merge uses.</summary>
    private static Task<List<long>> RowsAsync(CrmDbContext db, ClientMergeChange change, int clientId)
    {
        var sql = $"SELECT CAST(t.\"Id\" AS BIGINT) AS \"Value\" FROM \"{change.Table}\" t WHERE t.\"{change.Column}\" = {{0}} ORDER BY 1";
        return db.Database.SqlQueryRaw<long>(sql, clientId).ToListAsync();
    }

    private static Task<Dictionary<string, List<long>>> SnapshotAsync(CrmApp app, int clientId) =>
        app.WithDbAsync(async db =>
        {
            var rows = new Dictionary<string, List<long>>();
            foreach (var change in Moves) rows[change.Name] = await RowsAsync(db, change, clientId);
            return rows;
        });

    private static Task<Client> ClientRowAsync(CrmApp app, int id) =>
        app.WithDbAsync(db => db.Clients.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == id));

    [Fact]
    public async Task Every_foreign_key_to_the_client_table_has_a_merge_policy()
    {
        using var app = new CrmApp(Today);
        var keys = await app.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes()
            .SelectMany(e => e.GetForeignKeys())
            .Where(fk => fk.PrincipalEntityType.ClrType == typeof(Client))
            .SelectMany(fk => fk.Properties.Select(p => (Table: fk.DeclaringEntityType.GetTableName()!, Column: p.GetColumnName())))
            .ToHashSet()));

        keys.Should().NotBeEmpty();
        keys.Should().BeEquivalentTo(ClientMergeChange.All.Select(c => (c.Table, c.Column)).ToHashSet(),
            "a table that points at clients must say what a merge does with its rows (ClientMergeChange.All)");
    }

    [Fact]
    public async Task Merging_moves_every_related_row_and_undo_puts_back_exactly_what_moved()
    {
        using var app = new CrmApp(Today);
        var (adminId, managerId, _) = await app.EnsureStandardUsersAsync();
        var admin = User(adminId, Roles.Admin);
        var kept = await ClientAsync(app, "Thai Binh Duong", managerId, phone: "+84903123456", shape: c =>
        {
            c.ExternalId = "K-1";
            c.Purchases.Add(new Purchase { Date = new DateOnly(2025, 3, 1), Amount = 700 });
            c.Touchpoints.Add(new Touchpoint
            {
                UserId = managerId,
                OccurredOn = new DateOnly(2026, 1, 5),
                MessageKey = "<same@mail>",
                Channel = Channel.Email,
                Direction = Direction.Inbound,
                Outcome = TouchpointOutcome.Reached,
                Source = TouchpointSource.Mailbox
            });
        });
        var absorbed = await ClientAsync(app, "Công ty TNHH Thái Bình Dương", managerId, phone: "+84903123456", shape: c =>
        {
            c.ExternalId = "A-1";
            c.CadenceDays = 90;
            c.Purchases.Add(new Purchase { Date = new DateOnly(2026, 2, 1), Amount = 1200 });
            c.Purchases.Add(new Purchase { Date = new DateOnly(2024, 2, 1), Amount = 300 });
            c.Touchpoints.Add(new Touchpoint
            {
                UserId = managerId,
                OccurredOn = new DateOnly(2026, 1, 5),
                MessageKey = "<same@mail>",
                Channel = Channel.Email,
                Direction = Direction.Inbound,
                Outcome = TouchpointOutcome.Reached,
                Source = TouchpointSource.Mailbox
            });
            c.Touchpoints.Add(new Touchpoint
            {
                UserId = managerId,
                OccurredOn = new DateOnly(2026, 5, 2),
                Channel = Channel.Phone,
                Direction = Direction.Outbound,
                Outcome = TouchpointOutcome.Reached
            });
            c.KeyDates.Add(new KeyDate { Kind = KeyDateKind.CustomerSince, Date = new DateOnly(2019, 4, 1) });
        });
        var referred = await ClientAsync(app, "Referred Co", managerId, shape: c => c.ReferredById = absorbed);
        await app.WithDbAsync(async db =>
        {
            foreach (var (client, key) in new[] { (kept, "k"), (absorbed, "a") })
                db.FollowUps.Add(new FollowUp
                {
                    ClientId = client,
                    AssigneeId = managerId,
                    Kind = FollowUpKind.ProspectReview,
                    DueOn = Today.AddDays(3),
                    PlannedOn = Today.AddDays(3),
                    SourceKey = "test:" + key,
                    CreatedAtUtc = DateTime.UtcNow
                });
            db.FollowUps.Add(new FollowUp
            {
                ClientId = absorbed,
                AssigneeId = managerId,
                Kind = FollowUpKind.Custom,
                DueOn = Today.AddDays(9),
                PlannedOn = Today.AddDays(9),
                SourceKey = "test:custom",
                Reason = "Send the brochure",
                CreatedAtUtc = DateTime.UtcNow
            });
            db.Handoffs.Add(new Handoff { ClientId = absorbed, FromUserId = adminId, ToUserId = managerId, Note = "Yours now", CreatedAtUtc = DateTime.UtcNow });
            db.ProspectReviews.Add(new ProspectReview { ClientId = absorbed, ReviewerId = managerId, DecidedAtUtc = DateTime.UtcNow, DecidedOn = Today });
            db.StageChanges.Add(new StageChange { ClientId = absorbed, From = LifecycleStage.Considering, To = LifecycleStage.Purchased, AtUtc = DateTime.UtcNow });
            db.RemovedSyncedMessages.Add(new RemovedSyncedMessage { ClientId = absorbed, MessageKey = "<gone@mail>", RemovedAtUtc = DateTime.UtcNow });
            db.AuditEvents.Add(new AuditEvent { AtUtc = DateTime.UtcNow, Action = "client.updated", EntityType = "Client", EntityId = absorbed.ToString() });
            // A tag both clients have, and one each of their own.
            var both = new Tag { Name = "VIP", NormalizedName = "vip" };
            var keptOnly = new Tag { Name = "Hà Nội", NormalizedName = "ha noi" };
            var absorbedOnly = new Tag { Name = "Tết gifts", NormalizedName = "tet gifts" };
            db.ClientTags.AddRange(
                new ClientTag { ClientId = kept, Tag = both }, new ClientTag { ClientId = kept, Tag = keptOnly },
                new ClientTag { ClientId = absorbed, Tag = both }, new ClientTag { ClientId = absorbed, Tag = absorbedOnly });
            await db.SaveChangesAsync();
        });
        // Derived work (check-ins, win-backs) as the app keeps it, so that before and after compare like with like.
        await app.WithServicesAsync(sp => sp.GetRequiredService<ClientChanges>().PurchasesChangedAsync([kept, absorbed, referred]).ContinueWith(_ => 0));
        var keptBefore = await SnapshotAsync(app, kept);
        var absorbedBefore = await SnapshotAsync(app, absorbed);
        // The test covers every table a merge moves: a new one needs a row here.
        absorbedBefore.Where(t => t.Value.Count == 0).Select(t => t.Key).Should().BeEmpty();
        var keptRowBefore = await ClientRowAsync(app, kept);

        var merged = await MergeAsync(app, kept, absorbed, admin, nameof(ClientFields.Name), nameof(ClientFields.CadenceDays));

        merged.Succeeded.Should().BeTrue();
        var keptAfter = await SnapshotAsync(app, kept);
        var absorbedAfter = await SnapshotAsync(app, absorbed);
        foreach (var change in Moves.Select(m => m.Name).Where(n => n is not ("Touchpoints" or "ClientTags")))
        {
            absorbedAfter[change].Should().BeEmpty(change);
            keptAfter[change].Should().BeEquivalentTo(keptBefore[change].Concat(absorbedBefore[change]), change);
        }
        // The synced message both clients had stays behind: the kept client already has it.
        absorbedAfter["Touchpoints"].Should().ContainSingle();
        keptAfter["Touchpoints"].Should().HaveCount(2);
        // So does the tag both clients had: the kept client has it once, and gains the absorbed client's own tag.
        absorbedAfter["ClientTags"].Should().ContainSingle();
        keptAfter["ClientTags"].Should().HaveCount(3);
        (await app.WithDbAsync(db => db.ClientTags.Where(x => x.ClientId == kept).Select(x => x.Tag!.Name).OrderBy(n => n).ToListAsync()))
            .Should().Equal("Hà Nội", "Tết gifts", "VIP");
        await app.WithDbAsync(async db =>
        {
            (await db.Clients.AnyAsync(c => c.Id == absorbed)).Should().BeFalse("a merged client is hidden");
            (await db.Contacts.CountAsync(c => c.ClientId == kept && c.IsPrimary)).Should().Be(1);
            var open = await db.FollowUps.Where(f => f.ClientId == kept && f.Status == FollowUpStatus.Open).ToListAsync();
            open.Count(f => f.Kind == FollowUpKind.ProspectReview).Should().Be(1, "open follow-ups collapse to one per kind");
            (await db.FollowUps.SingleAsync(f => f.SourceKey == "test:a")).Status.Should().Be(FollowUpStatus.Dismissed, "the kept client's own item stays");
            open.Should().Contain(f => f.Kind == FollowUpKind.Custom);
            (await db.AuditEvents.CountAsync(a => a.EntityType == "Client" && a.EntityId == kept.ToString() && a.Action == "client.merged")).Should().Be(1);
        });
        var keptRow = await ClientRowAsync(app, kept);
        keptRow.Name.Should().Be("Công ty TNHH Thái Bình Dương");
        keptRow.CadenceDays.Should().Be(90);
        keptRow.ExternalId.Should().Be("K-1");
        keptRow.LastPurchaseOn.Should().Be(new DateOnly(2026, 2, 1));
        keptRow.FirstPurchaseOn.Should().Be(new DateOnly(2024, 2, 1));
        keptRow.LastContactOn.Should().Be(new DateOnly(2026, 5, 2));
        (await ClientRowAsync(app, absorbed)).MergedIntoId.Should().Be(kept);

        var undone = await UndoAsync(app, merged.MergeId, admin);

        undone.Succeeded.Should().BeTrue();
        (await SnapshotAsync(app, kept)).Should().BeEquivalentTo(keptBefore);
        (await SnapshotAsync(app, absorbed)).Should().BeEquivalentTo(absorbedBefore);
        var keptRowUndone = await ClientRowAsync(app, kept);
        (keptRowUndone.Name, keptRowUndone.CadenceDays, keptRowUndone.ExternalId, keptRowUndone.LastPurchaseOn)
            .Should().Be((keptRowBefore.Name, keptRowBefore.CadenceDays, keptRowBefore.ExternalId, keptRowBefore.LastPurchaseOn));
        var absorbedRow = await ClientRowAsync(app, absorbed);
        (absorbedRow.MergedIntoId, absorbedRow.ExternalId, absorbedRow.LastPurchaseOn).Should().Be(((int?)null, "A-1", new DateOnly(2026, 2, 1)));
        absorbedRow.SearchText.Should().Contain("thai binh duong");
        await app.WithDbAsync(async db =>
        {
            (await db.Contacts.CountAsync(c => c.ClientId == absorbed && c.IsPrimary)).Should().Be(1);
            (await db.Purchases.Where(p => p.ClientId == absorbed).SumAsync(p => p.Amount)).Should().Be(1500);
            (await db.Clients.SingleAsync(c => c.Id == referred)).ReferredById.Should().Be(absorbed);
            (await db.FollowUps.Where(f => f.SourceKey.StartsWith("test:")).OrderBy(f => f.SourceKey).Select(f => new { f.SourceKey, f.ClientId, f.Status }).ToListAsync())
                .Should().Equal(new { SourceKey = "test:a", ClientId = absorbed, Status = FollowUpStatus.Open },
                    new { SourceKey = "test:custom", ClientId = absorbed, Status = FollowUpStatus.Open },
                    new { SourceKey = "test:k", ClientId = kept, Status = FollowUpStatus.Open });
            (await db.AuditEvents.CountAsync(a => a.EntityId == kept.ToString() && a.Action == "client.merge_undone")).Should().Be(1);
        });
        (await UndoAsync(app, merged.MergeId, admin)).Refusal.Should().Be(MergeRefusal.AlreadyUndone);
    }

    [Fact]
    public async Task A_lybunt_client_whose_duplicate_bought_this_year_is_no_longer_lybunt_after_the_merge()
    {
        using var app = new CrmApp(Today);
        var (adminId, managerId, _) = await app.EnsureStandardUsersAsync();
        var lapsed = await ClientAsync(app, "Orchid Hall", managerId, shape: c => c.Purchases.Add(new Purchase { Date = new DateOnly(2025, 5, 1), Amount = 900 }));
        var buyer = await ClientAsync(app, "ORCHID HALL LTD", managerId, shape: c => c.Purchases.Add(new Purchase { Date = new DateOnly(2026, 4, 1), Amount = 400 }));
        await app.WithServicesAsync(sp => sp.GetRequiredService<ClientChanges>().PurchasesChangedAsync([lapsed, buyer]).ContinueWith(_ => 0));
        (await ClientRowAsync(app, lapsed)).RetentionFlag.Should().Be(RetentionFlag.Lybunt);
        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.ClientId == lapsed && f.Kind == FollowUpKind.WinBack && f.Status == FollowUpStatus.Open)))
            .Should().Be(1);

        (await MergeAsync(app, lapsed, buyer, User(adminId, Roles.Admin))).Succeeded.Should().BeTrue();

        var client = await ClientRowAsync(app, lapsed);
        client.RetentionFlag.Should().Be(RetentionFlag.None);
        client.LastPurchaseOn.Should().Be(new DateOnly(2026, 4, 1));
        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.ClientId == lapsed && f.Kind == FollowUpKind.WinBack && f.Status == FollowUpStatus.Open)))
            .Should().Be(0, "the win-back closes once the client bought this year");
    }

    [Fact]
    public async Task Merging_a_client_with_itself_a_merged_client_or_someone_elses_is_refused()
    {
        using var app = new CrmApp(Today);
        var (adminId, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var admin = User(adminId, Roles.Admin);
        var manager = User(managerId, Roles.AccountManager);
        var mine = await ClientAsync(app, "Mine", managerId);
        var alsoMine = await ClientAsync(app, "Also mine", managerId);
        var third = await ClientAsync(app, "Third", managerId);
        var theirs = await ClientAsync(app, "Theirs", otherId);

        (await MergeAsync(app, mine, mine, admin)).Refusal.Should().Be(MergeRefusal.SameClient);
        (await MergeAsync(app, mine, theirs, manager)).Refusal.Should().Be(MergeRefusal.NotAllowed);
        (await MergeAsync(app, theirs, mine, manager)).Refusal.Should().Be(MergeRefusal.NotAllowed);
        (await MergeAsync(app, mine, 999_999, admin)).Refusal.Should().Be(MergeRefusal.NotFound);
        (await MergeAsync(app, mine, alsoMine, manager)).Succeeded.Should().BeTrue();
        (await MergeAsync(app, third, alsoMine, manager)).Refusal.Should().Be(MergeRefusal.AlreadyMerged);
        (await MergeAsync(app, alsoMine, third, manager)).Refusal.Should().Be(MergeRefusal.AlreadyMerged);
        (await ClientRowAsync(app, theirs)).MergedIntoId.Should().BeNull();
    }

    [Fact]
    public async Task Two_merges_racing_for_one_client_end_in_one_merge_and_one_refusal()
    {
        using var app = new CrmApp(Today);
        var (adminId, managerId, _) = await app.EnsureStandardUsersAsync();
        var admin = User(adminId, Roles.Admin);
        var a = await ClientAsync(app, "Lotus", managerId, shape: c => c.Purchases.Add(new Purchase { Date = new DateOnly(2025, 1, 1), Amount = 10 }));
        var b = await ClientAsync(app, "Lotus", managerId, shape: c => c.Purchases.Add(new Purchase { Date = new DateOnly(2026, 1, 1), Amount = 20 }));
        var c = await ClientAsync(app, "Lotus", managerId);

        for (var round = 0; round < 3; round++)
        {
            var outcomes = await Task.WhenAll(MergeAsync(app, a, b, admin), MergeAsync(app, c, b, admin));
            outcomes.Count(o => o.Succeeded).Should().BeLessThanOrEqualTo(1);
            if (outcomes.Any(o => o.Succeeded))
            {
                outcomes.Single(o => !o.Succeeded).Refusal.Should().BeOneOf(MergeRefusal.AlreadyMerged, MergeRefusal.Raced);
                var into = (await ClientRowAsync(app, b)).MergedIntoId;
                into.Should().BeOneOf(a, c);
                (await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.ClientId == into))).Should().Be(into == a ? 2 : 1);
                (await UndoAsync(app, outcomes.Single(o => o.Succeeded).MergeId, admin)).Succeeded.Should().BeTrue();
            }
        }
        (await app.WithDbAsync(db => db.ClientMerges.CountAsync())).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Undo_says_what_blocks_it_when_a_moved_row_went_elsewhere_since()
    {
        using var app = new CrmApp(Today);
        var (adminId, managerId, _) = await app.EnsureStandardUsersAsync();
        var admin = User(adminId, Roles.Admin);
        var kept = await ClientAsync(app, "Lotus", managerId);
        var absorbed = await ClientAsync(app, "Lotus Ltd", managerId, shape: c => c.Purchases.Add(new Purchase { Date = new DateOnly(2026, 1, 1), Amount = 20 }));
        var third = await ClientAsync(app, "Elsewhere", managerId);
        var merge = await MergeAsync(app, kept, absorbed, admin);
        await app.WithDbAsync(db => db.Purchases.Where(p => p.ClientId == kept).ExecuteUpdateAsync(s => s.SetProperty(p => p.ClientId, third)));

        var blocked = await UndoAsync(app, merge.MergeId, admin);

        blocked.Refusal.Should().Be(MergeRefusal.Blocked);
        blocked.Blockers.Should().Equal(new UndoBlocker("Purchases", 1));
        (await ClientRowAsync(app, absorbed)).MergedIntoId.Should().Be(kept);

        await app.WithDbAsync(db => db.Purchases.Where(p => p.ClientId == third).ExecuteUpdateAsync(s => s.SetProperty(p => p.ClientId, kept)));
        (await UndoAsync(app, merge.MergeId, admin)).Succeeded.Should().BeTrue();
        (await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.ClientId == absorbed))).Should().Be(1);
    }

    [Fact]
    public async Task Not_the_same_marks_of_the_absorbed_client_carry_to_the_kept_one_and_undo_puts_them_back_exactly()
    {
        using var app = new CrmApp(Today);
        var (adminId, managerId, _) = await app.EnsureStandardUsersAsync();
        var admin = User(adminId, Roles.Admin);
        var kept = await ClientAsync(app, "Lotus Garden", managerId, phone: "+84903123456");
        var absorbed = await ClientAsync(app, "LOTUS GARDEN LTD", managerId, phone: "+84903123456");
        var lookalike = await ClientAsync(app, "Công ty Lotus Garden", managerId, phone: "+84903123456");
        var alreadyApart = await ClientAsync(app, "Lotus Gardens", managerId);
        var marked = DateTime.SpecifyKind(new DateTime(2026, 5, 2, 9, 30, 0), DateTimeKind.Utc);
        await app.WithDbAsync(db =>
        {
            foreach (var (a, b) in new[] { (absorbed, lookalike), (absorbed, alreadyApart), (kept, alreadyApart), (kept, absorbed) })
                db.NotDuplicatePairs.Add(new NotDuplicatePair { ClientAId = Math.Min(a, b), ClientBId = Math.Max(a, b), MarkedById = managerId, MarkedAtUtc = marked });
            return db.SaveChangesAsync();
        });
        var before = await MarksAsync(app);

        var merge = await MergeAsync(app, kept, absorbed, admin);
        merge.Succeeded.Should().BeTrue();

        var after = await MarksAsync(app);
        after.Should().BeEquivalentTo(before.Append((Math.Min(kept, lookalike), Math.Max(kept, lookalike), managerId, marked)),
            "the mark against the look-alike is the kept client's now; the one it already had and the pair itself are not copied");
        await ScanAsync(app);
        (await app.WithDbAsync(db => db.DuplicatePairs.AnyAsync(p => p.ClientAId == Math.Min(kept, lookalike) && p.ClientBId == Math.Max(kept, lookalike))))
            .Should().BeFalse("a pair marked not the same does not come back through the merge");

        (await UndoAsync(app, merge.MergeId, admin)).Succeeded.Should().BeTrue();
        (await MarksAsync(app)).Should().BeEquivalentTo(before);
    }

    private static Task<List<(int A, int B, string? By, DateTime At)>> MarksAsync(CrmApp app) =>
        app.WithDbAsync(async db => (await db.NotDuplicatePairs.AsNoTracking().ToListAsync())
            .Select(p => (p.ClientAId, p.ClientBId, p.MarkedById, p.MarkedAtUtc)).ToList());
}
