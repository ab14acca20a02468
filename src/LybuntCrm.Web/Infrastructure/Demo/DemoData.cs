using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Jobs;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure.Demo;

public sealed record DemoResult(bool AlreadyLoaded, int Clients, int Purchases, int Touchpoints);

/// <summary>
/// A realistic, deterministic demo dataset relative to today: about 200 clients with English, Vietnamese and Persian
/// names, four years of purchases (some loyal, some lapsed last year, some long gone), touchpoints, key dates and prospects.
/// It reads as a business that has been working: most clients were contacted within their cadence, a few check-ins were
/// missed in the last days, and some clients flagged early this year have bought again (recovered).
/// </summary>
public sealed class DemoData(CrmDbContext db, IClock clock, ClientChanges changes, UserAccounts accounts, UserManager<AppUser> users, JobRunner jobs,
    ILogger<DemoData> logger)
{
    public const string ExternalIdPrefix = "DEMO-";
    private const int ClientCount = 200;

    private static readonly (string Email, string Name, string TimeZone)[] Managers =
    [
        ("an@example.com", "An Nguyễn", "Asia/Ho_Chi_Minh"),
        ("sara@example.com", "سارا احمدی", "Asia/Tehran"),
        ("tom@example.com", "Tom Baker", "Europe/London"),
    ];

    private static readonly string[] EnglishCompanies = ["Acme Events", "Northwind Traders", "Bluebird Weddings", "Harbour Lights Hotel", "Greenfield Schools", "Oak & Ash Interiors", "Summit Conferences", "Riverside Clinic", "Maple Catering", "Brightside Media", "Kingfisher Travel", "Silverline Logistics"];
    private static readonly string[] EnglishSuffixes = ["Ltd", "Group", "& Co", "Partners", "LLC"];
    private static readonly string[] EnglishFirst = ["Noah", "Olivia", "Liam", "Emma", "James", "Ava", "Lucas", "Mia", "Ethan", "Grace", "Henry", "Chloe"];
    private static readonly string[] EnglishLast = ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Clarke", "Walker", "Wright"];
    private static readonly string[] VietCompanies = ["Công ty TNHH Hoa Sen", "Khách sạn Biển Xanh", "Nhà hàng Phố Cổ", "Công ty Cổ phần Sao Mai", "Trung tâm Hội nghị Ánh Dương", "Du lịch Hạ Long Xanh", "Công ty Thực phẩm Đồng Nai", "Trường Quốc tế Bình Minh"];
    private static readonly string[] VietLast = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"];
    private static readonly string[] VietMiddleGiven = ["Văn Dũng", "Thị Lan", "Minh Tuấn", "Thu Hà", "Quốc Bảo", "Ngọc Ánh", "Đức Anh", "Thị Mai", "Hữu Phước", "Thanh Hương"];
    private static readonly string[] PersianCompanies = ["گروه صنعتی پارس", "شرکت بازرگانی آریا", "هتل ستاره شیراز", "رستوران سنتی نارنج", "مؤسسه آموزشی مهر", "شرکت ساختمانی البرز", "کلینیک دندانپزشکی لبخند", "آژانس مسافرتی کاروان"];
    private static readonly string[] PersianFirst = ["سارا", "علی", "مریم", "رضا", "نگار", "حمید", "زهرا", "امیر", "لیلا", "مهدی"];
    private static readonly string[] PersianLast = ["احمدی", "رضایی", "حسینی", "کریمی", "محمدی", "موسوی", "جعفری", "صادقی", "رحیمی", "کاظمی"];
    private static readonly string[][] Cities =
    [
        ["London", "Leeds", "Bristol", "Manchester", "York", "Glasgow", "Cardiff", "Oxford"],
        ["Hà Nội", "Đà Nẵng", "Huế", "Hải Phòng", "Cần Thơ", "Nha Trang", "Vũng Tàu", "Sài Gòn"],
        ["تهران", "اصفهان", "شیراز", "مشهد", "تبریز", "کرج", "یزد", "رشت"],
    ];
    // Postal addresses, written the way each country writes them: street first in English and Vietnamese, city first in Persian.
    private static readonly Dictionary<string, string> UkPostcodes = new()
    {
        ["London"] = "EC1V 9HX",
        ["Leeds"] = "LS1 4AP",
        ["Bristol"] = "BS1 5TR",
        ["Manchester"] = "M1 2AB",
        ["York"] = "YO1 7HH",
        ["Glasgow"] = "G1 3SL",
        ["Cardiff"] = "CF10 1EP",
        ["Oxford"] = "OX1 2JD",
    };
    private static readonly string[] UkStreets = ["High Street", "Station Road", "Church Lane", "Victoria Street", "Mill Lane", "Park Road", "Queen Street", "Wharf Road"];
    private static readonly string[] UkBuildings = ["Unit 4, Riverside Works", "Second Floor, Carlton House", "The Old Mill", "Suite 12, Exchange Buildings"];
    private static readonly Dictionary<string, string> VietDistricts = new()
    {
        ["Hà Nội"] = "Phường Hàng Bạc, Quận Hoàn Kiếm\nHà Nội",
        ["Đà Nẵng"] = "Phường Thạch Thang, Quận Hải Châu\nĐà Nẵng",
        ["Huế"] = "Phường Phú Hội\nThành phố Huế",
        ["Hải Phòng"] = "Phường Minh Khai, Quận Hồng Bàng\nHải Phòng",
        ["Cần Thơ"] = "Phường Tân An, Quận Ninh Kiều\nCần Thơ",
        ["Nha Trang"] = "Phường Lộc Thọ, TP. Nha Trang\nKhánh Hòa",
        ["Vũng Tàu"] = "Phường 1, TP. Vũng Tàu\nBà Rịa – Vũng Tàu",
        ["Sài Gòn"] = "Phường Bến Nghé, Quận 1\nTP. Hồ Chí Minh",
    };
    private static readonly string[] VietStreets = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung", "Phan Chu Trinh", "Điện Biên Phủ"];
    private static readonly string[] PersianStreets = ["خیابان ولیعصر", "خیابان انقلاب", "خیابان آزادی", "خیابان فردوسی", "بلوار کشاورز", "خیابان شریعتی", "خیابان حافظ", "بلوار امام رضا"];
    private static readonly string[] PersianAlleys = ["کوچه نسترن", "کوچه یاس", "کوچه لاله", "کوچه بهار", "کوچه مهر", "کوچه سرو"];
    private static readonly string[] Summaries = ["Quarterly catch-up call", "Sent the new brochure", "Discussed next year's event", "Thanked them for the referral", "Asked about their budget", "Coffee meeting near their office", "Followed up on the proposal", "Checked how the delivery went"];

    public Task<bool> IsLoadedAsync(CancellationToken ct = default) =>
        db.Clients.AnyAsync(c => c.ExternalId != null && c.ExternalId.StartsWith(ExternalIdPrefix), ct);

    /// <param name="managerPassword">Password for the demo managers; null creates them without one (an admin can set it).</param>
    public async Task<DemoResult> LoadAsync(string? managerPassword, CancellationToken ct = default)
    {
        if (await IsLoadedAsync(ct)) return new DemoResult(true, 0, 0, 0);
        var managerIds = await EnsureManagersAsync(managerPassword);
        var today = clock.Today;
        var random = new Random(20261122);
        var places = new Random(20261205);
        var clients = new List<Client>(ClientCount);

        for (var i = 0; i < ClientCount; i++)
        {
            var culture = i % 3;
            var (name, contactName) = culture switch
            {
                0 => ($"{Pick(random, EnglishCompanies)} {Pick(random, EnglishSuffixes)}", $"{Pick(random, EnglishFirst)} {Pick(random, EnglishLast)}"),
                1 => (Pick(random, VietCompanies), $"{Pick(random, VietLast)} {Pick(random, VietMiddleGiven)}"),
                _ => (Pick(random, PersianCompanies), $"{Pick(random, PersianFirst)} {Pick(random, PersianLast)}"),
            };
            var city = Pick(random, Cities[culture]);
            name = $"{name} {city}";
            var isProspect = i % 7 == 3;
            var owner = managerIds[culture];
            var created = today.AddDays(-random.Next(isProspect ? 20 : 400, isProspect ? 200 : 1600));
            var client = new Client
            {
                Name = name,
                ExternalId = $"{ExternalIdPrefix}{i + 1:0000}",
                OwnerId = owner,
                Status = isProspect ? ClientStatus.Prospect : ClientStatus.Client,
                Stage = isProspect ? (LifecycleStage)random.Next(0, 3) : (LifecycleStage)random.Next(3, 7),
                CadenceDays = Pick(random, [90, 120, 120, 180]),
                PreferredChannel = (Channel)random.Next(0, 4),
                CreatedOn = created,
                CreatedAtUtc = created.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                DoNotContact = i % 53 == 10,
                DoNotContactReason = i % 53 == 10 ? "Asked not to be called; invoices only." : null,
                ExpectedValue = isProspect ? random.Next(20, 400) * 100m : null,
                AcquisitionCost = isProspect ? random.Next(0, 60) * 50m : null,
            };
            // Everyone who prefers letters has an address, and so have many others; drawn apart from the rest of the data.
            if (client.PreferredChannel == Channel.Letter || places.Next(3) != 0) client.PostalAddress = PostalAddress(places, culture, city);
            var email = $"contact{i}@client{i}.example";
            var phone = culture switch { 0 => $"+44 20 {random.Next(1000, 9999)} {random.Next(1000, 9999)}", 1 => $"+84 9{random.Next(10, 99)} {random.Next(100, 999)} {random.Next(100, 999)}", _ => $"+98 912 {random.Next(100, 999)} {random.Next(1000, 9999)}" };
            var birthday = random.Next(2) == 0 ? new DateOnly(random.Next(1960, 2000), random.Next(1, 13), random.Next(1, 29)) : (DateOnly?)null;
            client.Contacts.Add(new Contact
            {
                Name = contactName,
                Email = email,
                Phone = phone,
                Role = "Owner",
                IsPrimary = true,
                BirthdayDay = birthday?.Day,
                BirthdayMonth = birthday?.Month,
                BirthdayYear = birthday?.Year,
            });
            if (random.Next(3) == 0)
                client.Contacts.Add(new Contact { Name = culture == 0 ? $"{Pick(random, EnglishFirst)} {Pick(random, EnglishLast)}" : contactName + " (2)", Email = $"office{i}@client{i}.example", Role = "Assistant" });
            client.SearchText = SearchText.ForClient(client.Name, client.ExternalId, client.Contacts.Select(c => (c.Name, c.Email, c.Phone)));

            if (!isProspect) AddPurchases(client, random, today, pattern: i % 5);
            AddTouchpoints(client, random, today, owner, isProspect);
            // Most clients were reached within their cadence: only some are due in the coming days.
            if (!isProspect && random.Next(8) != 0) AddRecentContact(client, random, today, owner);
            if (!isProspect && random.Next(4) == 0)
                client.KeyDates.Add(new KeyDate { Kind = KeyDateKind.ProjectDelivered, Date = today.AddDays(-random.Next(60, 900)), Label = "Annual conference delivered" });
            if (!isProspect && random.Next(3) == 0)
                client.KeyDates.Add(new KeyDate { Kind = KeyDateKind.CustomerSince, Date = created });
            clients.Add(client);
        }

        db.Clients.AddRange(clients);
        await db.SaveChangesAsync(ct);
        // A few referrals: happy clients who brought others.
        for (var i = 10; i < clients.Count; i += 37) clients[i].ReferredById = clients[i - 9].Id;
        await db.SaveChangesAsync(ct);
        await db.InTransactionAsync(async () =>
        {
            // The flags as they stood a month into this fiscal year: clients who bought since then are recovered below.
            var year = FiscalYear.Containing(today, await db.FiscalStartMonthAsync(ct));
            var earlier = year.Start.AddDays(30);
            if (earlier < today) await LybuntFlagJob.ClassifyAsync(db, new PinnedClock(earlier), null, ct);
            await changes.ImportAppliedAsync(null, purchases: true, ct);
            // Win-backs of clients still lapsed start today, not on the day they were flagged.
            await db.FollowUps.Where(f => f.Kind == FollowUpKind.WinBack && f.Status == FollowUpStatus.Open && f.DueOn < today)
                .ExecuteUpdateAsync(u => u.SetProperty(f => f.DueOn, today).SetProperty(f => f.PlannedOn, today), ct);
        }, ct);
        await RunJobsAsync(ct);
        await MissSomeCheckInsAsync(managerIds, today, ct);

        return new DemoResult(false, clients.Count, clients.Sum(c => c.Purchases.Count), clients.Sum(c => c.Touchpoints.Count));
    }

    /// <summary>Purchase histories: 0 loyal every year, 1 lapsed this year (LYBUNT), 2 gone for two years (SYBUNT), 3 new this year, 4 irregular.</summary>
    private static void AddPurchases(Client client, Random random, DateOnly today, int pattern)
    {
        int[] yearsBack = pattern switch
        {
            0 => [3, 2, 1, 0],
            1 => [2, 1],
            2 => [3, 2],
            3 => [0],
            _ => [3, 1, 0],
        };
        foreach (var back in yearsBack)
        {
            var count = random.Next(1, 4);
            for (var n = 0; n < count; n++)
            {
                var year = today.Year - back;
                var latest = back == 0 ? today.DayOfYear : 365;
                var date = new DateOnly(year, 1, 1).AddDays(random.Next(0, Math.Max(1, latest - 1)));
                client.Purchases.Add(new Purchase
                {
                    Date = date,
                    Amount = Math.Round((decimal)(random.NextDouble() * 9000 + 300), 2),
                    Currency = "USD",
                    Reference = $"INV-{year}-{random.Next(10000, 99999)}",
                    Status = random.Next(15) == 0 ? PurchaseStatus.Cancelled : PurchaseStatus.Completed,
                    CreatedAtUtc = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                });
            }
        }
    }

    private static void AddTouchpoints(Client client, Random random, DateOnly today, string owner, bool isProspect)
    {
        var count = random.Next(0, isProspect ? 6 : 5);
        for (var n = 0; n < count; n++)
        {
            var outcome = isProspect
                ? Pick(random, [TouchpointOutcome.ProposalSent, TouchpointOutcome.Postponed, TouchpointOutcome.NoShow, TouchpointOutcome.Reached, TouchpointOutcome.NoAnswer])
                : Pick(random, [TouchpointOutcome.Reached, TouchpointOutcome.Reached, TouchpointOutcome.NoAnswer, TouchpointOutcome.LeftMessage]);
            var on = today.AddDays(-random.Next(3, isProspect ? 150 : 540));
            client.Touchpoints.Add(new Touchpoint
            {
                UserId = owner,
                OccurredOn = on,
                CreatedAtUtc = on.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc),
                Channel = (Channel)random.Next(0, 4),
                Direction = random.Next(4) == 0 ? Direction.Inbound : Direction.Outbound,
                Outcome = outcome,
                Summary = Pick(random, Summaries),
                Cost = random.Next(10) == 0 ? random.Next(20, 120) : null,
                Disrespectful = isProspect && random.Next(40) == 0,
            });
        }
    }

    private static void AddRecentContact(Client client, Random random, DateOnly today, string owner)
    {
        var on = today.AddDays(-random.Next(5, client.CadenceDays + 12));
        client.Touchpoints.Add(new Touchpoint
        {
            UserId = owner,
            OccurredOn = on,
            CreatedAtUtc = on.ToDateTime(new TimeOnly(11, 0), DateTimeKind.Utc),
            Channel = client.PreferredChannel,
            Direction = Direction.Outbound,
            Outcome = TouchpointOutcome.Reached,
            Summary = Pick(random, Summaries),
        });
    }

    /// <summary>Two check-ins per manager were planned on the last working days and not done: the overdue work of a real list.</summary>
    private async Task MissSomeCheckInsAsync(string[] managerIds, DateOnly today, CancellationToken ct)
    {
        foreach (var managerId in managerIds)
        {
            var week = WorkWeek.FromMask(await db.Users.Where(u => u.Id == managerId).Select(u => u.WorkingDays).FirstAsync(ct));
            var missed = await db.FollowUps
                .Where(f => f.AssigneeId == managerId && f.Kind == FollowUpKind.CheckIn && f.Status == FollowUpStatus.Open && f.DueOn < today)
                .OrderBy(f => f.Id).Select(f => f.Id).Take(2).ToListAsync(ct);
            var day = today;
            foreach (var id in missed)
            {
                day = week.OnOrBefore(day.AddDays(-1));
                var plannedOn = day;
                await db.FollowUps.Where(f => f.Id == id).ExecuteUpdateAsync(u => u.SetProperty(f => f.PlannedOn, plannedOn), ct);
            }
        }
    }

    /// <summary>"Today" moved to another day, to replay the flags as they stood then.</summary>
    private sealed class PinnedClock(DateOnly day) : IClock
    {
        public DateTime UtcNow => day.ToDateTime(new TimeOnly(2, 15), DateTimeKind.Utc);
        public DateOnly Today => day;
        public DateOnly TodayIn(string timeZoneId) => day;
    }

    private async Task<string[]> EnsureManagersAsync(string? password)
    {
        var ids = new List<string>();
        foreach (var (email, name, zone) in Managers)
        {
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                var result = await accounts.CreateAsync(new NewUser(email, password ?? UserAccounts.NewToken(), name, Roles.AccountManager, zone));
                if (!result.Succeeded) throw new InvalidOperationException($"Demo manager {email}: {result.ErrorText}");
                user = await users.FindByEmailAsync(email);
            }
            ids.Add(user!.Id);
        }
        return [.. ids];
    }

    /// <summary>Runs every recurring job once so the flags, schedules and lists reflect the new data.</summary>
    private async Task RunJobsAsync(CancellationToken ct)
    {
        foreach (var job in RecurringJobs.All)
        {
            try
            {
                await jobs.RunAsync(job.Id, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Job {JobId} failed after loading demo data; it runs again on schedule", job.Id);
            }
        }
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string PostalAddress(Random random, int culture, string city) => culture switch
    {
        0 => (random.Next(3) == 0 ? Pick(random, UkBuildings) + "\n" : "")
            + $"{random.Next(1, 220)} {Pick(random, UkStreets)}\n{city}\n{UkPostcodes[city]}",
        1 => $"Số {random.Next(1, 300)} {Pick(random, VietStreets)}\n{VietDistricts[city]}",
        _ => PersianDigits($"{city}، {Pick(random, PersianStreets)}، {Pick(random, PersianAlleys)}، پلاک {random.Next(1, 120)}، واحد {random.Next(1, 12)}\n"
            + $"کد پستی {random.Next(10000, 99999)}{random.Next(10000, 99999)}"),
    };

    private static string PersianDigits(string text) => string.Concat(text.Select(c => char.IsAsciiDigit(c) ? (char)('۰' + (c - '0')) : c));
}
