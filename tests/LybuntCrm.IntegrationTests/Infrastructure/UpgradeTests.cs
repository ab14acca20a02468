using System.Data.Common;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LybuntCrm.IntegrationTests.Infrastructure;

/// <summary>
/// A database made by a released version (TestData/Upgrade: the demo data, an import of clients and of purchases, and
/// every job, made with that version's command line) opens with this build: the migrations apply, every row keeps its
/// values, the pages open and the jobs run. Add one database per released version; never change one that is here.
/// </summary>
public partial class UpgradeTests
{
    private const string FixtureAdmin = "admin@example.com";
    private const string FixturePassword = "upgrade-password-1";
    private const string History = "__EFMigrationsHistory";

    public static TheoryData<string> ReleasedVersions => new() { "2026-12-05" };

    [Theory]
    [MemberData(nameof(ReleasedVersions))]
    public async Task A_database_of_a_released_version_upgrades_without_losing_a_value(string version)
    {
        var fixture = TestDatabase.UsePostgres ? RestorePostgres(version) : RestoreSqlite(version);
        try
        {
            var before = await ReadTablesAsync(fixture.Open);

            using var app = new CrmApp(new DateOnly(2026, 12, 7), fixture.Settings);
            _ = app.Services; // starts the app, which migrates the database

            var after = await ReadTablesAsync(fixture.Open);
            foreach (var (table, columns) in before.Where(t => t.Key != History))
            {
                after.Should().ContainKey(table, "no table of a released version is dropped");
                foreach (var (column, fingerprint) in columns)
                {
                    after[table].Should().ContainKey(column, $"{table}.{column} is kept");
                    after[table][column].Should().Be(fingerprint, $"{table}.{column} keeps every row and value");
                }
            }

            if (!TestDatabase.UsePostgres && before[History].Values.First().Rows < await app.WithDbAsync(db => Task.FromResult(db.Database.GetMigrations().Count())))
            {
                // The upgrade first took a checked copy of the database as it was: the way back.
                var copy = Directory.GetFiles(Path.Combine(app.DataDirectory, "backups")).Should().ContainSingle().Subject;
                var copied = await ReadTablesAsync(() => Opened(new SqliteConnection($"Data Source={copy};Pooling=False")));
                copied.Should().BeEquivalentTo(before);
            }

            using var admin = app.NewBrowser();
            (await admin.LoginAsync(FixtureAdmin, FixturePassword)).StatusCode.Should().Be(HttpStatusCode.Redirect, "the released admin signs in");
            await OpenEveryPageAsync(app, admin);
            await app.WithServicesAsync(async services =>
            {
                var runner = services.GetRequiredService<JobRunner>();
                foreach (var job in RecurringJobs.All) await runner.RunAsync(job.Id, CancellationToken.None);
                return 0;
            });
            (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(before["Clients"].Values.First().Rows);
        }
        finally
        {
            fixture.Drop();
        }
    }

    private static async Task OpenEveryPageAsync(CrmApp app, Browser admin)
    {
        var clientIds = await app.WithDbAsync(db => db.Clients.OrderBy(c => c.Id).Select(c => c.Id).Take(25).ToListAsync());
        clientIds.Should().NotBeEmpty();
        foreach (var id in clientIds)
            (await admin.GetAsync($"/Clients/{id}")).StatusCode.Should().Be(HttpStatusCode.OK, $"client {id}'s page opens");

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith('_') && AllowsGet(e));
        foreach (var endpoint in endpoints)
        {
            var url = "/" + ParameterPattern().Replace(endpoint.RoutePattern.RawText!.TrimStart('/'),
                m => m.Value.Contains("**") || m.Value.Contains('?') ? "" : clientIds[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
            var response = await admin.GetAsync(url.Length > 1 ? url.TrimEnd('/') : url);
            ((int)response.StatusCode).Should().BeLessThan(500, $"{url} renders the upgraded data");
        }
        foreach (var page in new[] { "/Today", "/Clients", "/Lybunt", "/Prospects", "/Admin", "/Clients/Duplicates" })
            (await admin.GetAsync(page)).StatusCode.Should().Be(HttpStatusCode.OK, page);
    }

    private static bool AllowsGet(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not { } methods
        || methods.HttpMethods.Contains("GET");

    /// <summary>Per table, per column: the row count and a hash of the column's values in a fixed row order.</summary>
    private static async Task<Dictionary<string, Dictionary<string, ColumnFingerprint>>> ReadTablesAsync(Func<DbConnection> open)
    {
        await using var connection = open();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = connection is SqliteConnection
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'ClientSearch%' AND name <> '__EFMigrationsLock'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '__EFMigrationsLock'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }

        var result = new Dictionary<string, Dictionary<string, ColumnFingerprint>>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            var columns = new List<string>();
            await using (var probe = await command.ExecuteReaderAsync())
                for (var i = 0; i < probe.FieldCount; i++) columns.Add(probe.GetName(i));
            // Ordered by every column, so the order is the same after a migration adds columns at the end.
            command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table}\" ORDER BY "
                + string.Join(", ", columns.Select((_, i) => (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var hashes = columns.Select(_ => IncrementalHash.CreateHash(HashAlgorithmName.SHA256)).ToList();
            var rows = 0;
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                {
                    rows++;
                    for (var i = 0; i < columns.Count; i++)
                    {
                        var value = reader.IsDBNull(i) ? "\u2400" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
                        hashes[i].AppendData(Encoding.UTF8.GetBytes(value + "\u241E"));
                    }
                }
            result[table] = columns.Select((c, i) => (c, new ColumnFingerprint(rows, Convert.ToHexString(hashes[i].GetHashAndReset()))))
                .ToDictionary(x => x.c, x => x.Item2);
        }
        return result;
    }

    private sealed record ColumnFingerprint(int Rows, string Hash);

    private sealed record RestoredDatabase(Dictionary<string, string?> Settings, Func<DbConnection> Open, Action Drop);

    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Upgrade", name);

    private static RestoredDatabase RestoreSqlite(string version)
    {
        var directory = Path.Combine(Path.GetTempPath(), "lybunt-tests", "upgrade-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "lybunt.db");
        using (var source = new GZipStream(File.OpenRead(FixturePath($"{version}.sqlite.db.gz")), CompressionMode.Decompress))
        using (var target = File.Create(file))
            source.CopyTo(target);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        return new RestoredDatabase(
            new Dictionary<string, string?> { ["ConnectionStrings:Default"] = new SqliteConnectionStringBuilder { DataSource = file }.ToString() },
            () => Opened(new SqliteConnection(connectionString)),
            () =>
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            });
    }

    private static RestoredDatabase RestorePostgres(string version)
    {
        var name = "lybunt_upgrade_" + Guid.NewGuid().ToString("N");
        var server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("LYBUNT_TEST_POSTGRES"));
        using (var connection = Opened(new NpgsqlConnection(server.ConnectionString)))
        using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", connection))
            create.ExecuteNonQuery();
        var restore = Process.Start(new ProcessStartInfo("/usr/lib/postgresql/15/bin/pg_restore",
            ["--no-owner", "--exit-on-error", "-h", server.Host!, "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "-U", server.Username!, "-d", name, FixturePath($"{version}.postgres.dump")])
        { RedirectStandardError = true })!;
        var errors = restore.StandardError.ReadToEnd();
        restore.WaitForExit();
        restore.ExitCode.Should().Be(0, errors);
        var connectionString = TestDatabase.PostgresConnectionString(name);
        return new RestoredDatabase(
            new Dictionary<string, string?> { ["ConnectionStrings:Default"] = connectionString },
            () => Opened(new NpgsqlConnection(connectionString)),
            () => TestDatabase.DropPostgres(name));
    }

    private static T Opened<T>(T connection) where T : DbConnection
    {
        connection.Open();
        return connection;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex ParameterPattern();
}
