using System.Diagnostics;
using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients;
using LybuntCrm.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Bench;

/// <summary>
/// The client list export at scale:
/// <c>dotnet run -c Release --project bench/LybuntCrm.Bench -- export [--clients N] [--db path] [--only csv|xlsx] [--mmap MB]</c>.
/// Uses (or first generates, with <c>generate</c>'s data) a SQLite file of N clients, then writes the whole list as CSV and
/// as XLSX through the code the export page runs (<see cref="ClientExport"/>), plus a CSV in another sort and of a broad
/// search, each into a stream that counts and drops the bytes. While an export runs, the process's resident memory is
/// sampled every 50 ms: all of it (what "working set" means on Linux), and split into private memory and pages of the
/// memory-mapped database file (the operating system's cache, shared and dropped under pressure; <c>--mmap</c> sets the
/// map's size as <c>Database:MmapMegabytes</c> does for the app, default 1,024). The processor time of the process is
/// printed beside the wall time: on a shared machine it is the steadier figure.
/// </summary>
public static class ExportBench
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    public static async Task RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var clients = options.Int("clients", 1_000_000);
        var path = options.Get("db") ?? Path.Combine(Path.GetTempPath(), "export-bench", $"bench-{clients / 1000}k.db");
        if (!File.Exists(path)) await Generator.RunAsync(clients, path, 42, Today);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        var mmap = options.Int("mmap", SqlitePragmas.DefaultMmapMegabytes);
        // The same map for the counts: a pooled connection keeps its map, and with it the pages it read.
        await using (var db = NewDb(connectionString, mmap))
            Console.WriteLine($"Using {path}: {await db.Clients.CountAsync():N0} clients, {await db.Contacts.CountAsync():N0} contacts, " +
                              $"{await db.Purchases.CountAsync():N0} purchases");

        var only = options.Get("only");
        var all = new ClientListQuery(null, null, null, null, ClientSort.Name, null, null);
        var runs = new List<(string Name, string Format, ClientListQuery Query)>
        {
            ("Whole list, name order", "csv", all),
            ("Whole list, name order", "xlsx", all),
            ("Whole list, last purchase first", "csv", all with { Sort = ClientSort.LastPurchase }),
            ("Search \"nguyen\" (broad), name order", "csv", all with { Search = "nguyen" }),
        };
        foreach (var (name, format, query) in runs.Where(r => only is null || r.Format == only))
            await MeasureAsync(connectionString, mmap, name, format, query);
    }

    private static async Task MeasureAsync(string connectionString, int mmap, string name, string format, ClientListQuery query)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Resident.Read();
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var now = Resident.Read();
                if (now.Total > peak.Total) peak = now;
                try { await Task.Delay(50, sampling.Token); } catch (OperationCanceledException) { break; }
            }
        });

        var output = new CountingStream();
        var localizer = new EnglishHeaders();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await using (var db = NewDb(connectionString, mmap))
        {
            var year = FiscalYear.Containing(Today, 1);
            var rows = new CountedRows(ClientExport.RowsAsync(db, query, year, CancellationToken.None));
            if (format == "csv") await ClientExport.WriteCsvAsync(output, localizer, rows, CancellationToken.None);
            else await ClientExport.WriteXlsxAsync(output, localizer, rows, CancellationToken.None);
            watch.Stop();
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            await sampling.CancelAsync();
            await sampler;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-40} {format,-4} {rows.Count,9:N0} rows {watch.Elapsed.TotalSeconds,6:F1} s " +
                $"({rows.Count / watch.Elapsed.TotalSeconds,7:N0} rows/s), CPU {cpuSeconds,5:F1} s; {output.Length / 1024.0 / 1024.0,6:F0} MB out; " +
                $"resident peak {peak.Total / 1048576,4} MB (private {peak.Private / 1048576} MB, database file pages {peak.File / 1048576} MB; " +
                $"before {before.Total / 1048576} MB); managed heap now {GC.GetTotalMemory(false) / 1048576} MB"));
        }
    }

    private static SqliteCrmDbContext NewDb(string connectionString, int mmap = SqlitePragmas.DefaultMmapMegabytes) =>
        new(new DbContextOptionsBuilder<SqliteCrmDbContext>()
            .UseSqlite(connectionString, o => o.CommandTimeout(600)).AddInterceptors(new SqlitePragmas(mmapMegabytes: mmap)).Options);

    /// <summary>Resident memory from /proc/self/status: private (anonymous) pages and pages of mapped files.</summary>
    private readonly record struct Resident(long Total, long Private, long File)
    {
        public static Resident Read()
        {
            long anon = 0, file = 0, total = 0;
            foreach (var line in System.IO.File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) total = Kilobytes(line);
                else if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Kilobytes(line);
                else if (line.StartsWith("RssFile:", StringComparison.Ordinal)) file = Kilobytes(line);
            }
            return new Resident(total, anon, file);
        }

        private static long Kilobytes(string line) =>
            1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Counts the rows as the writer takes them.</summary>
    private sealed class CountedRows(IAsyncEnumerable<ClientExportRow> rows) : IAsyncEnumerable<ClientExportRow>
    {
        public int Count { get; private set; }

        public async IAsyncEnumerator<ClientExportRow> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                Count++;
                yield return row;
            }
        }
    }

    /// <summary>A write-only stream that keeps nothing, as a response body that the client reads at once.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The headers in English (the key is the English text), without the app's resources.</summary>
    private sealed class EnglishHeaders : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(CultureInfo.InvariantCulture, name, arguments));
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
