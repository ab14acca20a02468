using System.Diagnostics;
using System.Globalization;
using System.Text;
using LybuntCrm.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LybuntCrm.IntegrationTests.Security;

/// <summary>kill -9 of a large import half-way: no half import left unexplained, and running it again gives exactly the file.</summary>
[Collection(SeparateProcesses.Name)]
[Trait(SeparateProcesses.Trait, SeparateProcesses.Name)]
public sealed class KillDuringImportTests
{
    private const int Clients = 2_000;
    private const int Purchases = 250_000;

    [SqliteFact]
    public async Task A_killed_import_leaves_committed_chunks_only_and_a_rerun_gives_exactly_the_file()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lybunt-kill", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var clientsFile = Path.Combine(dir, "clients.csv");
            var purchasesFile = Path.Combine(dir, "purchases.csv");
            WriteFiles(clientsFile, purchasesFile);
            var env = new Dictionary<string, string>
            {
                ["App__DataDirectory"] = Path.Combine(dir, "data"),
                ["Clock__Today"] = "2026-06-15",
                ["Admin__Email"] = "admin@example.com",
                ["Admin__Password"] = "correct-horse-battery",
                ["Serilog__MinimumLevel__Default"] = "Warning",
            };
            (await AppProcess.RunCommandAsync(env, "import", clientsFile, "--kind", "clients")).Should().Be(0);

            // Start the purchase import and kill it as soon as its first chunk is committed.
            using (var import = AppProcess.StartCommand(env, "import", purchasesFile, "--kind", "purchases"))
            {
                var watch = Stopwatch.StartNew();
                while (Count(dir, "Purchases") == 0 && !import.HasExited && watch.Elapsed < TimeSpan.FromMinutes(5))
                    await Task.Delay(50);
                import.HasExited.Should().BeFalse("the import must still be running when it is killed");
                import.Kill(entireProcessTree: true);
                await import.WaitForExitAsync();
            }
            var afterKill = Count(dir, "Purchases");
            afterKill.Should().BeInRange(1, Purchases - 1, "the kill came half-way");
            Scalar(dir, "PRAGMA integrity_check").Should().Be("ok");

            // Running the same import again completes it without doubling anything.
            (await AppProcess.RunCommandAsync(env, "import", purchasesFile, "--kind", "purchases")).Should().Be(0);
            Count(dir, "Purchases").Should().Be(Purchases);
            Scalar(dir, "SELECT COUNT(*) FROM (SELECT ClientId, Reference FROM Purchases GROUP BY ClientId, Reference HAVING COUNT(*) > 1)").Should().Be("0");
            Scalar(dir, "PRAGMA integrity_check").Should().Be("ok");
            Scalar(dir, "SELECT COUNT(*) FROM ImportRuns WHERE Status = 'Completed'").Should().Be("2",
                "the clients import and the re-run completed; the killed run is not reported as completed");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static void WriteFiles(string clientsFile, string purchasesFile)
    {
        var clients = new StringBuilder("ExternalId,ClientName,ContactName,Email\n");
        for (var i = 0; i < Clients; i++)
            clients.Append(CultureInfo.InvariantCulture, $"K{i},Client {i},Contact {i},c{i}@example.com\n");
        File.WriteAllText(clientsFile, clients.ToString());

        using var writer = new StreamWriter(purchasesFile);
        writer.WriteLine("ClientExternalId,InvoiceNumber,Date,Amount,Currency,Status");
        var day = new DateOnly(2023, 1, 1);
        for (var i = 0; i < Purchases; i++)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"K{i % Clients},INV-{i},{day.AddDays(i % 1200):yyyy-MM-dd},{100 + i % 900}.50,USD,Completed"));
    }

    private static long Count(string dir, string table) => long.Parse(Scalar(dir, $"SELECT COUNT(*) FROM {table}"), CultureInfo.InvariantCulture);

    private static string Scalar(string dir, string sql)
    {
        var file = Path.Combine(dir, "data", "lybunt.db");
        if (!File.Exists(file)) return "0";
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
        }
        catch (SqliteException)
        {
            return "0"; // the table does not exist yet
        }
    }
}
