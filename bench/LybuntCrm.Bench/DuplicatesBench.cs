using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients.Duplicates;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace LybuntCrm.Bench;

/// <summary>
/// Duplicate detection and merge at scale: <c>dotnet run -c Release --project bench/LybuntCrm.Bench -- duplicates [--clients N]
/// [--db path] [--fresh] [--scan-only]</c>. Generates (once, reused afterwards) a SQLite database of N clients with Vietnamese, English and
/// Persian company names and one contact each (a unique phone; a company or free-mail address), one client in 30 having a
/// planted duplicate (upper case without diacritics and another legal form, the same phone or a colleague's address at the
/// same domain). Then times the scan (as the nightly job runs it) with the process's peak memory, the duplicates page's
/// query (p50/p95 over 50 runs, admin and one manager), and a merge of two clients with 1,000 purchases each.
/// </summary>
public static class DuplicatesBench
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static readonly string[] VietSyllables =
    [
        "An", "Bảo", "Bình", "Châu", "Chí", "Cường", "Dương", "Đại", "Đông", "Đức", "Gia", "Hà", "Hải", "Hòa", "Hoàng", "Hưng", "Khang",
        "Khánh", "Kim", "Lộc", "Long", "Mai", "Minh", "Nam", "Nghĩa", "Ngọc", "Nhật", "Phát", "Phong", "Phúc", "Quang", "Sơn", "Tài",
        "Tân", "Thái", "Thành", "Thịnh", "Tín", "Trí", "Trung", "Tuấn", "Việt", "Vinh", "Xuân",
    ];
    private static readonly string[] VietSectors = ["Xây dựng", "Thương mại", "Du lịch", "Sự kiện", "Thực phẩm", "In ấn", "Vận tải", "Nội thất", "Công nghệ", "Dược phẩm", "Cơ khí", "Truyền thông"];
    private static readonly string[] VietForms = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "CTCP", "Doanh nghiệp tư nhân"];
    private static readonly string[] EnglishWords =
    [
        "Blue", "Harbour", "Oak", "Silver", "North", "Bright", "Stone", "River", "Green", "Summit", "Maple", "Crown", "Golden", "Falcon",
        "Cedar", "Atlas", "Orchid", "Pioneer", "Royal", "Union", "Lotus", "Meridian", "Beacon", "Ivory", "Willow", "Phoenix", "Sterling",
        "Harvest", "Anchor", "Horizon",
    ];
    private static readonly string[] EnglishSectors = ["Events", "Catering", "Logistics", "Studio", "Consulting", "Foods", "Printing", "Travel", "Media", "Builders"];
    private static readonly string[] EnglishForms = ["Ltd", "LLC", "Co., Ltd", "Inc.", "JSC", ""];
    private static readonly string[] PersianWords =
    [
        "پارس", "آریا", "کاوه", "نگین", "البرز", "سپهر", "آسمان", "مهر", "نوین", "پویا", "ستاره", "زاگرس", "کیان", "ایرانیان", "بهار", "سینا",
        "دماوند", "آفتاب", "رازی", "خلیج",
    ];
    private static readonly string[] PersianSectors = ["بازرگانی", "ساختمانی", "صنایع غذایی", "گردشگری", "چاپ", "حمل و نقل", "فناوری"];
    private static readonly string[] PersianForms = ["شرکت", "شرکت سهامی خاص", "", "شركت"];

    public static async Task RunAsync(string[] args)
    {
        var clients = IntOption(args, "--clients", 1_000_000);
        var path = Option(args, "--db") ?? Path.Combine(Path.GetTempPath(), $"duplicates-bench-{clients}.db");
        if (args.Contains("--fresh"))
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
                if (File.Exists(file)) File.Delete(file);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        string managerId;
        await using (var db = NewDb(connectionString))
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            if (!await db.Clients.AnyAsync())
            {
                var generated = Stopwatch.StartNew();
                var planted = await GenerateAsync(db, connectionString, clients);
                Console.WriteLine($"Generated {clients:N0} clients ({planted:N0} planted duplicates) in {generated.Elapsed.TotalSeconds:N1} s ({path})");
            }
            else
            {
                Console.WriteLine($"Using {path}: {await db.Clients.CountAsync():N0} clients");
            }
            managerId = await db.Users.OrderBy(u => u.Email).Select(u => u.Id).FirstAsync();
        }

        Console.WriteLine($"Before the scan: {Memory()}");
        if (args.Contains("--scan-only")) await ScanAsync(connectionString, 1);
        else for (var run = 1; run <= 2; run++) await ScanAsync(connectionString, run);
        if (args.Contains("--scan-only")) return;
        await using (var db = NewDb(connectionString))
        {
            var reasons = await db.DuplicatePairs.GroupBy(p => p.Reasons).Select(g => new { g.Key, Count = g.Count() })
                .OrderByDescending(g => g.Count).Take(6).ToListAsync();
            Console.WriteLine("Pairs by reasons: " + string.Join(", ", reasons.Select(r => $"{r.Key} {r.Count:N0}")));
        }

        await PageQueryAsync(connectionString, null, "admin");
        await PageQueryAsync(connectionString, managerId, "one manager");
        await MergeAsync(connectionString, managerId);
    }

    private static async Task ScanAsync(string connectionString, int run)
    {
        await using var db = NewDb(connectionString);
        var scan = new DuplicateScan(db, new BenchClock(Today), NullLogger<DuplicateScan>.Instance);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var outcome = await scan.RunAsync();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        // The machine is shared: the processor time this process got says more than the wall clock when others are busy.
        Console.WriteLine($"Scan {run}: {outcome.Elapsed.TotalSeconds:N1} s ({cpu.TotalSeconds:N1} s of processor time, load average " +
                          $"{File.ReadAllText("/proc/loadavg").Split(' ')[0]}), {outcome.Clients:N0} clients, {outcome.Candidates:N0} candidate pairs, " +
                          $"{outcome.Pairs:N0} likely duplicates; {Memory()}");
        Console.WriteLine($"  stages: {outcome.Stages}");
    }

    /// <summary>The page's two queries (top 100 pairs, capped count), 50 times after a warm-up.</summary>
    private static async Task PageQueryAsync(string connectionString, string? ownerId, string who)
    {
        await using var db = NewDb(connectionString);
        var list = new DuplicateList(db);
        var times = new List<double>();
        for (var i = 0; i < 55; i++)
        {
            var watch = Stopwatch.StartNew();
            await list.TopAsync(100, ownerId, CancellationToken.None);
            await list.CountAsync(ownerId, LybuntCrm.Web.Features.Clients.Duplicates.IndexModel.CountCap + 1, CancellationToken.None);
            if (i >= 5) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"Duplicates page queries ({who}): p50 {times[times.Count / 2]:N1} ms, p95 {times[(int)(times.Count * 0.95)]:N1} ms");
    }

    /// <summary>Two new clients with 1,000 purchases and 50 touches each, merged and the merge undone, through the app's services.</summary>
    private static async Task MergeAsync(string connectionString, string managerId)
    {
        int keep, absorb;
        await using (var db = NewDb(connectionString))
        {
            var pair = Enumerable.Range(0, 2).Select(k => new Client
            {
                Name = $"Merge bench {k}",
                OwnerId = managerId,
                CreatedOn = Today,
                CreatedAtUtc = DateTime.UtcNow,
                Purchases = Enumerable.Range(0, 1_000).Select(i => new Purchase { Date = new DateOnly(2019, 1, 1).AddDays(i * 2 + k), Amount = 100 + i }).ToList(),
                Touchpoints = Enumerable.Range(0, 50).Select(i => new Touchpoint
                {
                    UserId = managerId,
                    OccurredOn = new DateOnly(2024, 1, 1).AddDays(i * 7 + k),
                    Channel = Channel.Phone,
                    Direction = Direction.Outbound,
                    Outcome = TouchpointOutcome.Reached,
                }).ToList(),
            }).ToList();
            db.Clients.AddRange(pair);
            await db.SaveChangesAsync();
            (keep, absorb) = (pair[0].Id, pair[1].Id);
        }
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, managerId), new Claim(ClaimTypes.Role, Roles.Admin)], "bench"));
        var watch = Stopwatch.StartNew();
        MergeOutcome merged;
        await using (var db = NewDb(connectionString))
            merged = await Merger(db).MergeAsync(keep, absorb, new HashSet<string>(), admin);
        var mergeMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        MergeOutcome undone;
        await using (var db = NewDb(connectionString))
            undone = await Merger(db).UndoAsync(merged.MergeId, admin);
        Console.WriteLine($"Merge of two clients with 1,000 purchases each: {mergeMs:N0} ms ({merged.Refusal}); undo {watch.Elapsed.TotalMilliseconds:N0} ms ({undone.Refusal})");
    }

    private static ClientMerger Merger(CrmDbContext db)
    {
        var clock = new BenchClock(Today);
        return new ClientMerger(db, BenchChanges.For(db, clock), new Audit(db, clock, new HttpContextAccessor()), clock);
    }

    private static async Task<int> GenerateAsync(CrmDbContext db, string connectionString, int count)
    {
        var owners = Enumerable.Range(1, 20).Select(i => new AppUser
        {
            UserName = $"manager{i:00}@example.com",
            NormalizedUserName = $"MANAGER{i:00}@EXAMPLE.COM",
            Email = $"manager{i:00}@example.com",
            NormalizedEmail = $"MANAGER{i:00}@EXAMPLE.COM",
            DisplayName = $"Manager {i:00}",
            SecurityStamp = Guid.NewGuid().ToString(),
        }).ToList();
        db.Users.AddRange(owners);
        await db.SaveChangesAsync();
        var ownerIds = owners.Select(o => o.Id).ToArray();

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await Exec(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-200000; PRAGMA foreign_keys=OFF;");
        var random = new Random(42);
        var planted = 0;
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var client = connection.CreateCommand();
        client.Transaction = tx;
        client.CommandText = """
            INSERT INTO Clients (Id, Name, Status, Stage, OwnerId, CadenceDays, PreferredChannel, DoNotContact, CreatedOn, CreatedAtUtc,
                                 SearchText, RetentionFlag, LastYearTotal, ExternalId)
            VALUES ($id, $name, 'Client', 'Purchased', $owner, 120, 'Email', 0, '2020-01-01', '2020-01-01 00:00:00', '', 'None', 0, $ext)
            """;
        var id = client.Parameters.Add("$id", SqliteType.Integer);
        var name = client.Parameters.Add("$name", SqliteType.Text);
        var owner = client.Parameters.Add("$owner", SqliteType.Text);
        var ext = client.Parameters.Add("$ext", SqliteType.Text);
        client.Prepare();
        await using var contact = connection.CreateCommand();
        contact.Transaction = tx;
        contact.CommandText = "INSERT INTO Contacts (ClientId, Name, Email, Phone, IsPrimary, ExcludedFromSync) VALUES ($client, $name, $email, $phone, 1, 0)";
        var contactClient = contact.Parameters.Add("$client", SqliteType.Integer);
        var contactName = contact.Parameters.Add("$name", SqliteType.Text);
        var email = contact.Parameters.Add("$email", SqliteType.Text);
        var phone = contact.Parameters.Add("$phone", SqliteType.Text);
        contact.Prepare();

        string? previousName = null, previousPhone = null, previousDomain = null;
        for (var i = 1; i <= count; i++)
        {
            string clientName, clientPhone, domain;
            // One client in 30 is the previous one again, as another spreadsheet wrote it.
            if (previousName is not null && i % 30 == 0)
            {
                planted++;
                clientName = Variant(previousName, random);
                clientPhone = random.Next(2) == 0 ? previousPhone! : Phone(i);
                domain = previousDomain!;
            }
            else
            {
                clientName = NewName(random);
                clientPhone = Phone(i);
                domain = $"firm{i}.vn";
            }
            id.Value = i;
            name.Value = clientName;
            owner.Value = ownerIds[random.Next(ownerIds.Length)];
            ext.Value = $"C{i:0000000}";
            await client.ExecuteNonQueryAsync();
            contactClient.Value = i;
            contactName.Value = "Contact " + i.ToString(CultureInfo.InvariantCulture);
            email.Value = random.Next(3) == 0 ? $"person{i}@gmail.com" : $"person{i}@{domain}";
            phone.Value = clientPhone;
            await contact.ExecuteNonQueryAsync();
            (previousName, previousPhone, previousDomain) = (clientName, clientPhone, domain);
        }
        await tx.CommitAsync();
        await Exec(connection, "PRAGMA synchronous=NORMAL; ANALYZE;");
        return planted;
    }

    /// <summary>
    /// The process's memory from /proc: the peak resident set, and now the private (anonymous) part apart from the pages of
    /// the database file that SQLite reads through a memory map (the operating system's file cache, shared and reclaimable).
    /// </summary>
    private static string Memory()
    {
        var status = File.ReadAllLines("/proc/self/status").Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim());
        string Mb(string key) => status.TryGetValue(key, out var v) ? $"{long.Parse(v.Split(' ')[0], CultureInfo.InvariantCulture) / 1024:N0} MB" : "?";
        return $"peak resident {Mb("VmHWM")}, now resident {Mb("VmRSS")} = private {Mb("RssAnon")} + mapped file {Mb("RssFile")}; " +
               $"managed heap {GC.GetTotalMemory(false) / 1048576:N0} MB";
    }

    private static string Phone(int i) => "+849" + (10_000_000 + i).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A name with a made-up brand of three or four syllables (a space of about a billion), so that, as in a real client
    /// base, most names have no near twin; sector words and common words around it are shared by many.
    /// </summary>
    private static string NewName(Random random) => random.Next(10) switch
    {
        < 6 => $"{Pick(VietForms, random)} {Pick(VietSectors, random)} {Pick(VietSyllables, random)} {Brand(random)}",
        < 9 => $"{Pick(EnglishWords, random)} {Brand(random)} {Pick(EnglishSectors, random)} {Pick(EnglishForms, random)}".Trim(),
        _ => $"{Pick(PersianForms, random)} {Pick(PersianWords, random)} {Brand(random)} {Pick(PersianSectors, random)}".Trim(),
    };

    private static readonly string[] Onsets = ["b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "ch", "ng", "ph", "th", "tr"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ao", "ia", "oa", "uy"];

    private static string Brand(Random random)
    {
        var syllables = random.Next(3, 5);
        var brand = string.Concat(Enumerable.Range(0, syllables).Select(_ => Pick(Onsets, random) + Pick(Vowels, random)));
        return char.ToUpperInvariant(brand[0]) + brand[1..];
    }

    /// <summary>The same name in capitals without diacritics, or with another legal form, or Arabic letter forms.</summary>
    private static string Variant(string name, Random random) => random.Next(3) switch
    {
        0 => ClientNames.Fold(name).ToUpperInvariant(),
        1 => ClientNames.Fold(name) + " Co., Ltd",
        _ => name.Replace('ی', 'ي').Replace('ک', 'ك') + ".",
    };

    private static string Pick(string[] values, Random random) => values[random.Next(values.Length)];

    private static SqliteCrmDbContext NewDb(string connectionString) => new(new DbContextOptionsBuilder<SqliteCrmDbContext>()
        .UseSqlite(connectionString, o => o.CommandTimeout(600)).AddInterceptors(new SqlitePragmas()).Options);

    private static async Task Exec(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
