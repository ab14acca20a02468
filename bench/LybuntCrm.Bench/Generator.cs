using System.Diagnostics;
using System.Globalization;
using System.Text;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Bench;

/// <summary>
/// Builds a large, deterministic database through the app's own migrations, then fills it with prepared INSERTs in big
/// transactions (no EF change tracking), computes the derived client facts as it goes and rebuilds the search index.
/// </summary>
internal static class Generator
{
    public const string AdminEmail = "bench-admin@example.com";
    public const string Password = "bench-password";
    private const int Managers = 20;
    private const int BatchClients = 50_000;

    private static readonly string[] EnglishFirst = ["James", "Olivia", "Henry", "Amelia", "George", "Isla", "Jack", "Emily", "Oliver", "Grace", "Thomas", "Lucy", "William", "Sophie", "Harry", "Charlotte", "Samuel", "Hannah", "Daniel", "Chloe"];
    private static readonly string[] EnglishLast = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke"];
    private static readonly string[] VietFamily = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
    private static readonly string[] VietMiddle = ["Văn", "Thị", "Minh", "Quốc", "Thanh", "Ngọc", "Đức", "Hữu"];
    private static readonly string[] VietGiven = ["An", "Bảo", "Châu", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Phương", "Quân", "Thảo", "Trang", "Tuấn"];
    private static readonly string[] PersianFirst = ["علی", "محمد", "رضا", "حسین", "مریم", "زهرا", "فاطمه", "سارا", "نرگس", "امیر", "کاوه", "شیرین", "پرویز", "لیلا", "بهرام", "نیلوفر"];
    private static readonly string[] PersianLast = ["احمدی", "محمدی", "حسینی", "رضایی", "کریمی", "موسوی", "جعفری", "صادقی", "رحیمی", "کاظمی", "قاسمی", "نوری", "تهرانی", "شیرازی"];
    private static readonly string[] EnglishCompany = ["Events", "Catering", "Productions", "Partners", "Group", "Trading", "Studio", "Consulting", "Holdings", "& Co"];
    private static readonly string[] VietCompany = ["Công ty", "Tập đoàn", "Cửa hàng"];
    private static readonly string[] PersianCompany = ["شرکت", "گروه", "بازرگانی"];
    private static readonly string[] Roles = ["Owner", "Event manager", "Office manager", "Director", "Assistant", "Buyer"];
    private static readonly string[] Summaries = ["Checked in, all well.", "Talked about next season.", "Sent photos from the event.", "Left a voicemail.", "Asked for a new quote.", "Thanked them for the referral."];

    public static async Task RunAsync(int clients, string output, int seed, DateOnly today)
    {
        var watch = Stopwatch.StartNew();
        var path = Path.GetFullPath(output);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(path + suffix)) File.Delete(path + suffix);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

        // 1. The schema, exactly as the app creates it.
        var dbOptions = new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite(connectionString).Options;
        await using (var db = new SqliteCrmDbContext(dbOptions))
            await db.Database.MigrateAsync();
        Console.WriteLine($"Schema migrated ({watch.Elapsed.TotalSeconds:F1} s).");

        // 2. The data, with raw prepared statements.
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            Exec(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-800000; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF;");
            var managerIds = InsertUsers(connection);
            InsertClients(connection, clients, seed, today, managerIds, watch);
        }

        // 3. The search index and WAL mode, as the app does on start, then planner statistics.
        await using (var db = new SqliteCrmDbContext(dbOptions))
        {
            var indexWatch = Stopwatch.StartNew();
            await LybuntCrm.Web.Infrastructure.Database.MigrateAsync(db);
            Console.WriteLine($"Search index built in {indexWatch.Elapsed.TotalSeconds:F1} s.");
            await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        }
        Console.WriteLine($"Generated {clients:N0} clients into {path} ({new FileInfo(path).Length / 1024 / 1024:N0} MB) in {watch.Elapsed.TotalSeconds:F0} s.");
        Console.WriteLine($"Sign in as {AdminEmail} / {Password} (managers: manager01@example.com … manager{Managers:D2}@example.com, same password).");
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<string> InsertUsers(SqliteConnection connection)
    {
        var hash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), Password);
        using var tx = connection.BeginTransaction();
        var roleIds = new Dictionary<string, string>();
        foreach (var role in LybuntCrm.Web.Domain.Roles.All)
        {
            var id = DeterministicGuid("role:" + role);
            roleIds[role] = id;
            Run(connection, "INSERT INTO AspNetRoles (Id, Name, NormalizedName, ConcurrencyStamp) VALUES ($id, $name, $norm, $id)",
                ("$id", id), ("$name", role), ("$norm", role.ToUpperInvariant()));
        }
        var managers = new List<string>();
        for (var i = 0; i <= Managers; i++)
        {
            var email = i == 0 ? AdminEmail : $"manager{i:D2}@example.com";
            var id = DeterministicGuid("user:" + email);
            Run(connection, """
                INSERT INTO AspNetUsers (Id, DisplayName, TimeZoneId, DailyCapacity, DigestEnabled, DigestHour, IsActive, Culture, UseSolarHijri,
                    CalendarToken, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PasswordHash, SecurityStamp,
                    ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, DigestDelivery, WorkingDays)
                VALUES ($id, $name, 'UTC', 8, 1, 7, 1, 'en', 0, $token, $email, $norm, $email, $norm, 1, $hash, $stamp, $stamp, 0, 0, 1, 0, 'Email', 62)
                """,
                ("$id", id), ("$name", i == 0 ? "Bench Admin" : $"Manager {i:D2}"), ("$token", id.Replace("-", "", StringComparison.Ordinal)),
                ("$email", email), ("$norm", email.ToUpperInvariant()), ("$hash", hash), ("$stamp", DeterministicGuid("stamp:" + email)));
            Run(connection, "INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ($u, $r)",
                ("$u", id), ("$r", roleIds[i == 0 ? LybuntCrm.Web.Domain.Roles.Admin : LybuntCrm.Web.Domain.Roles.AccountManager]));
            if (i > 0) managers.Add(id);
        }
        tx.Commit();
        return managers;
    }

    private static void Run(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private static string DeterministicGuid(string text)
    {
        var bytes = System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(text));
        return new Guid(bytes).ToString();
    }

    /// <summary>A prepared INSERT whose parameters are set by position.</summary>
    private sealed class Insert : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;

        public Insert(SqliteConnection connection, string table, params string[] columns)
        {
            _command = connection.CreateCommand();
            _command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
            _parameters = columns.Select((_, i) => _command.Parameters.Add("$p" + i, SqliteType.Text)).ToArray();
            foreach (var p in _parameters) p.Value = DBNull.Value;
            _command.Prepare();
        }

        public SqliteTransaction? Transaction { set => _command.Transaction = value; }

        public void Run(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var p = _parameters[i];
                switch (values[i])
                {
                    case null: p.SqliteType = SqliteType.Text; p.Value = DBNull.Value; break;
                    case int or long or bool: p.SqliteType = SqliteType.Integer; p.Value = values[i] is bool b ? (b ? 1 : 0) : values[i]; break;
                    case double or decimal: p.SqliteType = SqliteType.Real; p.Value = Convert.ToDouble(values[i], CultureInfo.InvariantCulture); break;
                    case DateOnly d: p.SqliteType = SqliteType.Text; p.Value = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                    case DateTime t: p.SqliteType = SqliteType.Text; p.Value = t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture); break;
                    default: p.SqliteType = SqliteType.Text; p.Value = values[i]!.ToString(); break;
                }
            }
            _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();
    }

    private static void InsertClients(SqliteConnection connection, int count, int seed, DateOnly today, List<string> managers, Stopwatch watch)
    {
        var random = new Random(seed);
        using var clients = new Insert(connection, "Clients", "Id", "Name", "Status", "Stage", "OwnerId", "CadenceDays", "PreferredChannel",
            "DoNotContact", "DoNotContactReason", "ExternalId", "ExpectedValue", "CreatedOn", "CreatedAtUtc", "SearchText", "SortKey",
            "FirstPurchaseOn", "LastPurchaseOn", "LastContactOn", "NextCheckInOn", "RetentionFlag", "LastYearTotal");
        using var contacts = new Insert(connection, "Contacts", "Id", "ClientId", "Name", "Email", "Phone", "Role", "BirthdayDay", "BirthdayMonth", "IsPrimary");
        using var purchases = new Insert(connection, "Purchases", "ClientId", "Date", "Amount", "Currency", "Reference", "Status", "CreatedAtUtc");
        using var touchpoints = new Insert(connection, "Touchpoints", "ClientId", "ContactId", "UserId", "OccurredOn", "CreatedAtUtc", "Channel",
            "Direction", "Outcome", "Summary", "Disrespectful");

        var start = new DateOnly(2020, 1, 1);
        var span = today.DayNumber - start.DayNumber;
        var thisYear = today.Year;
        var contactId = 0;
        var invoice = 0;
        long purchaseRows = 0, touchRows = 0;
        SqliteTransaction? tx = null;
        var contactNames = new List<(string Name, string? Email, string? Phone)>(2);
        var purchaseDates = new List<(DateOnly Date, double Amount, bool Completed)>(10);

        for (var id = 1; id <= count; id++)
        {
            if ((id - 1) % BatchClients == 0)
            {
                tx?.Commit();
                tx?.Dispose();
                tx = connection.BeginTransaction();
                clients.Transaction = contacts.Transaction = purchases.Transaction = touchpoints.Transaction = tx;
                if (id > 1) Console.WriteLine($"  {id - 1,10:N0} clients, {purchaseRows:N0} purchases, {touchRows:N0} touchpoints ({watch.Elapsed.TotalSeconds:F0} s)");
            }

            var culture = random.Next(10); // 0-4 English, 5-7 Vietnamese, 8-9 Persian
            var (person, company) = MakeName(random, culture);
            var isCompany = random.Next(3) > 0;
            var name = isCompany ? company : person;
            var r = random.Next(100);
            var status = r < 85 ? ClientStatus.Client : r < 95 ? ClientStatus.Prospect : r < 98 ? ClientStatus.LetGo : ClientStatus.Disqualified;
            var stage = status == ClientStatus.Prospect ? (LifecycleStage)random.Next(0, 3) : (LifecycleStage)random.Next(3, 7);
            var owner = managers[random.Next(managers.Count)];
            var cadence = random.Next(3) switch { 0 => 90, 1 => 120, _ => 180 };
            var createdOn = start.AddDays(random.Next(span - 30));
            var dnc = random.Next(50) == 0;

            contactNames.Clear();
            var contactCount = 1 + (random.Next(2));
            var firstContact = contactId + 1;
            for (var c = 0; c < contactCount; c++)
            {
                var (contactName, _) = c == 0 ? (person, "") : MakeName(random, culture);
                var email = $"{Ascii(contactName)}.{id}@example.{(culture < 5 ? "com" : culture < 8 ? "vn" : "ir")}";
                var phone = culture < 5 ? $"+1 555 {random.Next(100, 999)} {random.Next(1000, 9999)}"
                    : culture < 8 ? $"+84 9{random.Next(10)} {random.Next(100, 999)} {random.Next(1000, 9999)}"
                    : $"+98 912 {random.Next(100, 999)} {random.Next(1000, 9999)}";
                contactNames.Add((contactName, email, phone));
                contactId++;
                var hasBirthday = random.Next(3) == 0;
                contacts.Run(contactId, id, contactName, email, phone, Roles[random.Next(Roles.Length)],
                    hasBirthday ? random.Next(1, 29) : null, hasBirthday ? random.Next(1, 13) : null, c == 0);
            }

            // Purchases: about five per client (none for prospects), between creation and today.
            purchaseDates.Clear();
            if (status != ClientStatus.Prospect)
            {
                var n = random.Next(11);
                for (var p = 0; p < n; p++)
                {
                    var date = createdOn.AddDays(random.Next(Math.Max(1, today.DayNumber - createdOn.DayNumber)));
                    var amount = Math.Round(100 + random.NextDouble() * 9900, 2);
                    var completed = random.Next(20) > 0;
                    purchaseDates.Add((date, amount, completed));
                    invoice++;
                    purchases.Run(id, date, amount, "USD", $"INV-{invoice:D8}", completed ? "Completed" : "Cancelled", date.ToDateTime(new TimeOnly(12, 0)));
                    purchaseRows++;
                }
            }

            // Touchpoints: about three per client.
            DateOnly? lastContact = null;
            var touches = random.Next(7);
            for (var t = 0; t < touches; t++)
            {
                var date = createdOn.AddDays(random.Next(Math.Max(1, today.DayNumber - createdOn.DayNumber)));
                var direction = random.Next(4) == 0 ? Direction.Inbound : Direction.Outbound;
                var outcome = (TouchpointOutcome)random.Next(8);
                if (random.Next(2) == 0) outcome = TouchpointOutcome.Reached;
                var channel = (Channel)random.Next(4);
                touchpoints.Run(id, random.Next(2) == 0 ? firstContact + random.Next(contactCount) : null, owner, date,
                    date.ToDateTime(new TimeOnly(10, 0)), channel.ToString(), direction.ToString(), outcome.ToString(),
                    Summaries[random.Next(Summaries.Length)], random.Next(200) == 0);
                touchRows++;
                if (Touchpoint.CountsAsContact(direction, outcome) && (lastContact is null || date > lastContact)) lastContact = date;
            }

            // The derived facts, as ClientFacts and the LYBUNT job compute them (fiscal year = calendar year).
            var completedDates = purchaseDates.Where(p => p.Completed).ToList();
            DateOnly? first = completedDates.Count > 0 ? completedDates.Min(p => p.Date) : null;
            DateOnly? last = completedDates.Count > 0 ? completedDates.Max(p => p.Date) : null;
            var lastYearTotal = completedDates.Where(p => p.Date.Year == thisYear - 1).Sum(p => p.Amount);
            var boughtThisYear = completedDates.Any(p => p.Date.Year == thisYear);
            var flag = boughtThisYear || completedDates.Count == 0 ? RetentionFlag.None
                : lastYearTotal > 0 ? RetentionFlag.Lybunt : RetentionFlag.Sybunt;
            var next = CheckInRule.NextDueOf(new Client
            {
                Status = status,
                DoNotContact = dnc,
                LastContactOn = lastContact,
                LastPurchaseOn = last,
                CreatedOn = createdOn,
                CadenceDays = cadence,
            });

            clients.Run(id, name, status.ToString(), stage.ToString(), owner, cadence, ((Channel)random.Next(4)).ToString(),
                dnc, dnc ? "Asked not to be contacted" : null, $"EXT-{id:D7}",
                status == ClientStatus.Prospect ? Math.Round(1000 + random.NextDouble() * 50000, 2) : null,
                createdOn, createdOn.ToDateTime(new TimeOnly(9, 0)), SearchText.ForClient(name, $"EXT-{id:D7}", contactNames),
                SearchText.SortKeyOf(name), first, last, lastContact, next, flag.ToString(), flag == RetentionFlag.Lybunt ? lastYearTotal : 0.0);
        }
        tx?.Commit();
        tx?.Dispose();
        Console.WriteLine($"  {count,10:N0} clients, {contactId:N0} contacts, {purchaseRows:N0} purchases, {touchRows:N0} touchpoints ({watch.Elapsed.TotalSeconds:F0} s)");
    }

    private static (string Person, string Company) MakeName(Random random, int culture)
    {
        if (culture < 5)
        {
            var last = EnglishLast[random.Next(EnglishLast.Length)];
            return ($"{EnglishFirst[random.Next(EnglishFirst.Length)]} {last}", $"{last} {EnglishCompany[random.Next(EnglishCompany.Length)]}");
        }
        if (culture < 8)
        {
            var family = VietFamily[random.Next(VietFamily.Length)];
            var person = $"{family} {VietMiddle[random.Next(VietMiddle.Length)]} {VietGiven[random.Next(VietGiven.Length)]}";
            return (person, $"{VietCompany[random.Next(VietCompany.Length)]} {family} {VietGiven[random.Next(VietGiven.Length)]}");
        }
        var plast = PersianLast[random.Next(PersianLast.Length)];
        return ($"{PersianFirst[random.Next(PersianFirst.Length)]} {plast}", $"{PersianCompany[random.Next(PersianCompany.Length)]} {plast}");
    }

    /// <summary>An email-safe local part: folded Latin letters, or "contact" for names in other scripts.</summary>
    private static string Ascii(string name)
    {
        var folded = SearchText.Fold(name);
        var sb = new StringBuilder(folded.Length);
        foreach (var ch in folded)
        {
            if (ch is >= 'a' and <= 'z') sb.Append(ch);
            else if (ch == ' ' && sb.Length > 0 && sb[^1] != '.') sb.Append('.');
        }
        var s = sb.ToString().Trim('.');
        return s.Length == 0 ? "contact" : s;
    }
}
