using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Clients;

/// <summary>
/// A broad search in name order reads the index bucket by bucket of sort keys; these tests hold it to the order of the
/// plain list, across names that share their first characters, names in other scripts, and names beyond 16 bits.
/// </summary>
public sealed class ClientSearchOrderTests
{
    private static readonly string[] Starts =
    [
        "A", "An ", "Anh ", "Ä", "B", "Bùi ", "Bảo ", "C", "Nguyễn ", "Ng", "N", "Z", "Zoë ", "a", "ab", "Ω", "محمد ", "زهرا ",
        "\U0001F600", "\U0001F601", "\uE000", "\uFFFD", "一", "0", "~",
    ];

    private static ClientListQuery Query(string search, int size, string? after = null, string? before = null) =>
        new(search, null, null, null, ClientSort.Name, after, before, size);

    private static async Task<List<int>> SeedAsync(CrmApp app, string managerId)
    {
        return await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 1_150; i++)
            {
                // Every third name repeats, so the id breaks ties; one client in twelve does not match.
                var name = Starts[i % Starts.Length] + (i % 3 == 0 ? "Same" : (i * 7919 % 1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
                var word = i % 12 == 5 ? "other" : "common";
                db.Clients.Add(new Client { Name = name, OwnerId = managerId, SearchText = SearchText.ForClient(name, null, []) + " " + word });
            }
            await db.SaveChangesAsync();
            return await ExpectedAsync(db);
        });
    }

    /// <summary>The order the plain list uses, straight from the database: the stored sort key, then the id.</summary>
    private static Task<List<int>> ExpectedAsync(CrmDbContext db) =>
        db.Clients.Where(c => c.SearchText.Contains("common")).OrderBy(c => c.SortKey).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync();

    [Theory]
    [InlineData(7)]
    [InlineData(60)]
    public async Task A_broad_search_pages_in_exactly_the_name_order_of_the_list_forward_and_back(int size)
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var expected = await SeedAsync(app, managerId);
        expected.Count.Should().BeGreaterThan(ClientList.CountCap, "the search must be broad to take the bucket path");

        await app.WithDbAsync(async db =>
        {
            var pages = new List<ClientListPage>();
            string? after = null;
            do
            {
                pages.Add(await ClientList.LoadAsync(db, Query("common", size, after), default));
                after = pages[^1].NextCursor;
                pages.Count.Should().BeLessThan(500);
            } while (after is not null);
            pages.SelectMany(p => p.Rows.Select(r => r.Id)).Should().Equal(expected);
            pages[0].CappedCount.Should().Be(ClientList.CountCap + 1);

            // Back from the last page with "Previous": the same pages, in reverse.
            var back = new List<ClientListPage>();
            var before = pages[^1].PreviousCursor;
            while (before is not null)
            {
                back.Add(await ClientList.LoadAsync(db, Query("common", size, before: before), default));
                before = back[^1].PreviousCursor;
            }
            back.Select(p => p.Rows.Select(r => r.Id).ToList()).Should().BeEquivalentTo(
                pages.Take(pages.Count - 1).Reverse().Select(p => p.Rows.Select(r => r.Id).ToList()),
                o => o.WithStrictOrdering());
        });
    }

    [Fact]
    public async Task A_bucket_holding_thousands_of_matches_is_walked_by_name_in_the_same_order()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var expected = await app.WithDbAsync(async db =>
        {
            // 2,100 names in the bucket "Ng" (dense), with neighbours just below and above it and one-letter names.
            string[] around = ["N", "Nf", "Nfz", "Nh", "Nga", "Ng", "Ngz", "O"];
            for (var i = 0; i < 2_300; i++)
            {
                var name = i < 2_100 ? $"Nguyễn {(i * 7919) % 2_100:D4}" : around[i % around.Length] + (i / around.Length % 2 == 0 ? "" : " Same");
                var word = i % 50 == 0 ? "other" : "common";
                db.Clients.Add(new Client { Name = name, OwnerId = managerId, SearchText = SearchText.ForClient(name, null, []) + " " + word });
            }
            await db.SaveChangesAsync();
            return await ExpectedAsync(db);
        });

        await app.WithDbAsync(async db =>
        {
            var pages = new List<ClientListPage>();
            string? after = null;
            do
            {
                pages.Add(await ClientList.LoadAsync(db, Query("common", 60, after), default));
                after = pages[^1].NextCursor;
                pages.Count.Should().BeLessThan(100);
            } while (after is not null);
            pages.SelectMany(p => p.Rows.Select(r => r.Id)).Should().Equal(expected);

            var back = new List<int>();
            var before = pages[^1].PreviousCursor;
            while (before is not null)
            {
                var page = await ClientList.LoadAsync(db, Query("common", 60, before: before), default);
                back.InsertRange(0, page.Rows.Select(r => r.Id));
                before = page.PreviousCursor;
            }
            back.Should().Equal(expected.Take(expected.Count - pages[^1].Rows.Count));
        });
    }

    [Fact]
    public async Task A_renamed_or_deleted_client_moves_or_leaves_the_broad_search_at_once()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var expected = await SeedAsync(app, managerId);
        var (renamed, deleted) = (expected[^1], expected[0]);

        await app.WithDbAsync(async db =>
        {
            // Searched once before the change, so a kept outcome of the index read would show if it outlived the change.
            (await ClientList.LoadAsync(db, Query("moved up", 25), default)).Rows.Should().BeEmpty();
            var client = await db.Clients.SingleAsync(c => c.Id == renamed);
            var oldName = client.Name;
            client.Name = "000 Moved Up";
            client.SearchText = SearchText.ForClient(client.Name, null, []) + " common";
            db.Clients.Remove(await db.Clients.SingleAsync(c => c.Id == deleted));
            await db.SaveChangesAsync();

            var first = await ClientList.LoadAsync(db, Query("common", 25), default);
            first.Rows.Select(r => r.Id).Should().Equal((await ExpectedAsync(db)).Take(25));
            first.Rows[0].Name.Should().Be("000 Moved Up");
            first.Rows.Select(r => r.Id).Should().NotContain(deleted);
            (await ClientList.LoadAsync(db, Query("moved up", 25), default)).Rows.Select(r => r.Id).Should().Equal(renamed);
            (await ClientList.LoadAsync(db, Query(oldName + " common", 200), default)).Rows.Select(r => r.Id).Should().NotContain(renamed);
        });
    }

    [SqliteFact]
    public async Task A_change_written_by_another_connection_shows_in_a_search_made_before_it()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(async db =>
        {
            var id = await db.AddClientAsync("Hoàng Văn Bình", managerId);
            (await ClientList.LoadAsync(db, Query("zebra", 25), default)).Rows.Should().BeEmpty();
            (await ClientList.LoadAsync(db, Query("binh", 25), default)).Rows.Select(r => r.Id).Should().Equal(id);

            // Another process (a command-line import, say) writes the same file behind this app's back.
            await using (var other = new Microsoft.Data.Sqlite.SqliteConnection(db.Database.GetConnectionString()))
            {
                await other.OpenAsync();
                await using var command = other.CreateCommand();
                command.CommandText = "UPDATE Clients SET SearchText = SearchText || ' zebra' WHERE Id = $id; " +
                    "INSERT INTO Clients (Name, OwnerId, Status, Stage, CadenceDays, PreferredChannel, DoNotContact, CreatedOn, CreatedAtUtc, SearchText, SortKey, RetentionFlag, LastYearTotal) " +
                    "SELECT 'Trần Bình', OwnerId, Status, Stage, CadenceDays, PreferredChannel, DoNotContact, CreatedOn, CreatedAtUtc, 'tran binh', 'tran binh', RetentionFlag, LastYearTotal FROM Clients WHERE Id = $id;";
                command.Parameters.AddWithValue("$id", id);
                await command.ExecuteNonQueryAsync();
            }

            (await ClientList.LoadAsync(db, Query("zebra", 25), default)).Rows.Select(r => r.Id).Should().Equal(id);
            (await ClientList.LoadAsync(db, Query("binh", 25), default)).Rows.Select(r => r.Name).Should().Equal("Hoàng Văn Bình", "Trần Bình");
        });
    }

    [SqliteFact]
    public async Task A_search_index_keyed_by_client_id_is_rebuilt_in_name_order_on_start()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(async db =>
        {
            foreach (var name in new[] { "Zed Nguyễn", "Anh Nguyễn", "Other" })
                await db.AddClientAsync(name, managerId);
            // The index as earlier versions created it: external content, one row per client id.
            await db.Database.ExecuteSqlRawAsync("""
                DROP TRIGGER Clients_search_ai; DROP TRIGGER Clients_search_ad; DROP TRIGGER Clients_search_au; DROP TABLE ClientSearch;
                CREATE VIRTUAL TABLE ClientSearch USING fts5(SearchText, content='Clients', content_rowid='Id', tokenize='trigram');
                CREATE TRIGGER Clients_search_ai AFTER INSERT ON Clients BEGIN
                  INSERT INTO ClientSearch(rowid, SearchText) VALUES (new.Id, new.SearchText);
                END;
                CREATE TRIGGER Clients_search_ad AFTER DELETE ON Clients BEGIN
                  INSERT INTO ClientSearch(ClientSearch, rowid, SearchText) VALUES ('delete', old.Id, old.SearchText);
                END;
                CREATE TRIGGER Clients_search_au AFTER UPDATE OF SearchText ON Clients BEGIN
                  INSERT INTO ClientSearch(ClientSearch, rowid, SearchText) VALUES ('delete', old.Id, old.SearchText);
                  INSERT INTO ClientSearch(rowid, SearchText) VALUES (new.Id, new.SearchText);
                END;
                INSERT INTO ClientSearch(ClientSearch) VALUES ('rebuild');
                """);

            await Database.MigrateAsync(db);

            var definition = await db.Database.SqlQueryRaw<string>(
                "SELECT sql AS \"Value\" FROM sqlite_master WHERE name = 'ClientSearch'").SingleAsync();
            definition.Should().Contain("content=''");
            var keys = await db.Database.SqlQueryRaw<long>("SELECT rowid AS \"Value\" FROM ClientSearch WHERE ClientSearch MATCH 'nguyen' ORDER BY rowid").ToListAsync();
            keys.Should().HaveCount(2).And.OnlyContain(k => k > ClientSearchIndex.IdBits, "keys carry the name above the id");
            (await ClientList.LoadAsync(db, Query("nguyen", 25), default)).Rows.Select(r => r.Name).Should().Equal("Anh Nguyễn", "Zed Nguyễn");

            await db.AddClientAsync("Bảo Nguyễn", managerId);
            (await ClientList.LoadAsync(db, Query("nguyen", 25), default)).Rows.Select(r => r.Name).Should()
                .Equal("Anh Nguyễn", "Bảo Nguyễn", "Zed Nguyễn");
        });
    }
}
