using System.Security.Cryptography;
using LybuntCrm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.UnitTests.Data;

/// <summary>
/// A database made by any earlier version must upgrade with the migrations as they were released: a model change adds a
/// migration for both providers, and a recorded migration file is never edited or regenerated.
/// </summary>
public class MigrationHistoryTests
{
    private const string ManifestName = "released.sha256";

    public static TheoryData<string> Providers => new() { "Sqlite", "Postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_model_matches_the_last_migration(string provider)
    {
        using var db = Context(provider);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model has changes no migration holds. Add a migration for both providers "
            + "(dotnet ef migrations add NAME --context SqliteCrmDbContext --output-dir Data/Migrations/Sqlite, and the same with "
            + "PostgresCrmDbContext and Data/Migrations/Postgres), then run scripts/release-migrations.sh.");
    }

    [Fact]
    public void Every_migration_file_is_recorded_and_unchanged()
    {
        var directory = Path.Combine(FindRoot(), "src", "LybuntCrm.Web", "Data", "Migrations");
        var recorded = File.ReadAllLines(Path.Combine(directory, ManifestName))
            .Where(line => line.Length > 0)
            .Select(line => line.Split("  ", 2))
            .ToDictionary(parts => parts[1], parts => parts[0]);
        var files = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(directory, path).Replace('\\', '/'))
            .Where(path => !path.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal))
            .ToList();

        var unrecorded = files.Where(file => !recorded.ContainsKey(file)).ToList();
        var edited = files.Where(file => recorded.TryGetValue(file, out var hash) && hash != Sha256(Path.Combine(directory, file))).ToList();
        var missing = recorded.Keys.Where(file => !files.Contains(file)).ToList();

        Assert.True(unrecorded.Count == 0, "New migrations not yet recorded (run scripts/release-migrations.sh): " + string.Join(", ", unrecorded));
        Assert.True(edited.Count == 0, "Released migrations were edited; add a new migration instead: " + string.Join(", ", edited));
        Assert.True(missing.Count == 0, "Released migrations were removed: " + string.Join(", ", missing));
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        static IEnumerable<string> Names(string provider)
        {
            using var db = Context(provider);
            return db.Database.GetMigrations().Select(id => id[(id.IndexOf('_') + 1)..]).ToList();
        }

        Assert.Equal(Names("Sqlite"), Names("Postgres"));
    }

    private static CrmDbContext Context(string provider) => provider == "Sqlite"
        ? new SqliteCrmDbContext(new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite("Data Source=:memory:").Options)
        : new PostgresCrmDbContext(new DbContextOptionsBuilder<PostgresCrmDbContext>().UseNpgsql("Host=localhost;Database=none").Options);

    /// <summary>The hash of the file with LF line endings, as scripts/release-migrations.sh computes it.</summary>
    private static string Sha256(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var normalized = bytes.Where((b, i) => !(b == '\r' && i + 1 < bytes.Length && bytes[i + 1] == '\n')).ToArray();
        return Convert.ToHexStringLower(SHA256.HashData(normalized));
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LybuntCrm.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("LybuntCrm.sln not found above " + AppContext.BaseDirectory);
    }
}
