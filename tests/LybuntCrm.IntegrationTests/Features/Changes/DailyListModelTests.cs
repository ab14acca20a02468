using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LybuntCrm.IntegrationTests.Features.Changes;

/// <summary>
/// Random sequences of what users and jobs do — touches on the client page, Done/Snooze/Dismiss on Today, purchases,
/// owner, cadence and do-not-contact changes, nightly jobs, days passing, capacity and working days — through the pages
/// and jobs, checked after every step against a small model written here, independently of the app's rules:
/// <list type="number">
/// <item>a contactable client has at most one open contact item, due on the date the rules give now;</item>
/// <item>a LYBUNT client's item is its win-back, and a touch moves the next attempt out;</item>
/// <item>every open follow-up is with the client's owner;</item>
/// <item>nothing is planned on a day off or beyond the capacity, and no occasion after its date;</item>
/// <item>"overdue" is shown only for planned work that was missed.</item>
/// </list>
/// Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL.
/// </summary>
public sealed class DailyListModelTests(ITestOutputHelper output)
{
    private const int Horizon = 14;
    private const int WinBackCadence = 14;
    private static readonly DateTimeOffset Start = new(2026, 12, 14, 10, 0, 0, TimeSpan.Zero); // a Monday, before the year turns

    [Theory]
    [InlineData(11)]
    [InlineData(23)]
    [InlineData(37)]
    public async Task Random_sequences_of_actions_keep_the_daily_list_true(int seed)
    {
        using var app = new EmailApp(Start, new Dictionary<string, string?> { ["Clock:Today"] = "" });
        var run = new Run(app, new Random(seed), output);
        await run.ArrangeAsync();
        for (var step = 0; step < 40; step++)
        {
            await run.StepAsync();
            await run.CheckAsync();
        }
    }

    private sealed class ModelClient
    {
        public int Id;
        public string Name = "";
        public DateOnly Created;
        public int Cadence;
        public bool DoNotContact;
        public string Owner = "";
        public DateOnly? LastContact;
        public List<DateOnly> Purchases = [];
        public HashSet<DateOnly> DismissedCheckIns = [];
        public HashSet<int> WinBackClosedInYear = [];
        public DateOnly? LastWinBackAttempt;
    }

    private sealed record ModelManager(string Id, string Email)
    {
        public int Capacity { get; set; }
        public HashSet<DayOfWeek> Days { get; set; } = [];
    }

    private sealed class Run(EmailApp app, Random random, ITestOutputHelper output)
    {
        private readonly List<ModelClient> _clients = [];
        private readonly List<ModelManager> _managers = [];
        private readonly List<string> _log = [];
        private Browser _admin = null!;

        private DateOnly Today => DateOnly.FromDateTime(app.Time.Now.UtcDateTime);

        public async Task ArrangeAsync()
        {
            var (_, an, tom) = await app.EnsureStandardUsersAsync();
            _admin = await app.SignedInAsync(CrmApp.AdminEmail);
            _managers.Add(new ModelManager(an, CrmApp.ManagerEmail));
            _managers.Add(new ModelManager(tom, CrmApp.OtherManagerEmail));
            await SetScheduleAsync(_managers[0], 3, [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday]);
            await SetScheduleAsync(_managers[1], 2, [DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday]);

            // A client list with history, as an import leaves it: some bought last year only, some this year, some long ago.
            for (var i = 0; i < 8; i++)
            {
                var model = new ModelClient
                {
                    Name = $"Client {i}",
                    Created = new DateOnly(2024, 1, 10),
                    Cadence = Pick([30, 60, 90, 120]),
                    Owner = _managers[random.Next(2)].Id,
                    LastContact = random.Next(4) == 0 ? null : Today.AddDays(-random.Next(0, 150)),
                };
                model.Purchases.AddRange((i % 4) switch
                {
                    0 => [new DateOnly(2025, 3 + i, 10)],
                    1 => [new DateOnly(2026, 2 + i, 12)],
                    2 => [],
                    _ => [new DateOnly(2024, 5, 5)],
                });
                model.Id = await app.WithDbAsync(async db =>
                {
                    var client = new Client
                    {
                        Name = model.Name,
                        OwnerId = model.Owner,
                        CadenceDays = model.Cadence,
                        CreatedOn = model.Created,
                        CreatedAtUtc = model.Created.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                    };
                    client.Contacts.Add(new Contact
                    {
                        Name = "Pat " + model.Name,
                        Phone = "+1 555 0100",
                        IsPrimary = true,
                        BirthdayDay = i % 3 == 0 ? Today.AddDays(3 + i).Day : null,
                        BirthdayMonth = i % 3 == 0 ? Today.AddDays(3 + i).Month : null,
                    });
                    foreach (var date in model.Purchases)
                        client.Purchases.Add(new Purchase { Date = date, Amount = 500m + i * 100, Currency = "USD", CreatedAtUtc = DateTime.UtcNow });
                    if (model.LastContact is { } on)
                        client.Touchpoints.Add(new Touchpoint { UserId = model.Owner, OccurredOn = on, Outcome = TouchpointOutcome.Reached, CreatedAtUtc = DateTime.UtcNow });
                    db.Clients.Add(client);
                    await db.SaveChangesAsync();
                    return client.Id;
                });
                _clients.Add(model);
            }
            await NightAsync();
            _log.Add("arranged");
            await CheckAsync();
        }

        public async Task StepAsync()
        {
            var client = _clients[random.Next(_clients.Count)];
            switch (random.Next(12))
            {
                case 0 or 1: await TouchOnClientPageAsync(client, random.Next(3) > 0); break;
                case 2 or 3: await TodayAsync("Done"); break;
                case 4: await TodayAsync("Snooze"); break;
                case 5: await TodayAsync("Dismiss"); break;
                case 6: await PurchaseAsync(client); break;
                case 7: await OwnerChangeAsync(client); break;
                case 8: await EditAsync(client, cadence: Pick([14, 45, 90, 180]), doNotContact: client.DoNotContact); break;
                case 9: await EditAsync(client, client.Cadence, doNotContact: !client.DoNotContact); break;
                case 10:
                    var manager = _managers[random.Next(2)];
                    var days = Enum.GetValues<DayOfWeek>().Where(_ => random.Next(3) > 0).ToHashSet();
                    if (days.Count == 0) days.Add(DayOfWeek.Monday);
                    await SetScheduleAsync(manager, random.Next(1, 5), days);
                    break;
                default: await DaysPassAsync(random.Next(1, 5)); break;
            }
        }

        private async Task TouchOnClientPageAsync(ModelClient client, bool reached)
        {
            _log.Add($"touch on client page: {client.Name}, {(reached ? "reached" : "no answer")}");
            var page = await _admin.PostFormAsync($"/Clients/{client.Id}/Touchpoints/New", new Dictionary<string, string>
            {
                ["Input.OccurredOn"] = Iso(Today),
                ["Input.Channel"] = "Phone",
                ["Input.Direction"] = "Outbound",
                ["Input.Outcome"] = reached ? "Reached" : "NoAnswer",
            });
            page.StatusCode.Should().Be(HttpStatusCode.Redirect, Trail());
            Touched(client, reached);
        }

        private void Touched(ModelClient client, bool reached)
        {
            if (IsLybunt(client) && !client.DoNotContact && !client.WinBackClosedInYear.Contains(Today.Year)) client.LastWinBackAttempt = Today;
            if (reached) client.LastContact = Today;
        }

        private async Task TodayAsync(string action)
        {
            var manager = _managers[random.Next(2)];
            var items = await app.WithDbAsync(db => db.FollowUps.AsNoTracking()
                .Where(f => f.AssigneeId == manager.Id && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed))
                .OrderBy(f => f.Id).ToListAsync());
            if (items.Count == 0)
            {
                await DaysPassAsync(1);
                return;
            }
            var item = items[random.Next(items.Count)];
            var client = _clients.Single(c => c.Id == item.ClientId);
            var url = $"/Today?user={manager.Id}";
            switch (action)
            {
                case "Done":
                    var reached = random.Next(3) > 0;
                    _log.Add($"Done on Today: {item.Kind} of {client.Name}, {(reached ? "reached" : "no answer")}");
                    (await _admin.PostFormAsync(url, new Dictionary<string, string>
                    {
                        ["done.Channel"] = "Phone",
                        ["done.Direction"] = "Outbound",
                        ["done.Outcome"] = reached ? "Reached" : "NoAnswer",
                    }, $"/Today?handler=Done&id={item.Id}&user={manager.Id}")).StatusCode.Should().Be(HttpStatusCode.Redirect, Trail());
                    Touched(client, reached);
                    break;
                case "Snooze":
                    var until = Today.AddDays(random.Next(1, 10));
                    _log.Add($"Snooze on Today: {item.Kind} of {client.Name} until {Iso(until)}");
                    (await _admin.PostFormAsync(url, new Dictionary<string, string> { ["until"] = Iso(until) },
                        $"/Today?handler=Snooze&id={item.Id}&user={manager.Id}")).StatusCode.Should().Be(HttpStatusCode.Redirect, Trail());
                    break;
                default:
                    _log.Add($"Dismiss on Today: {item.Kind} of {client.Name} (due {Iso(item.DueOn)})");
                    (await _admin.PostFormAsync(url, new Dictionary<string, string> { ["reason"] = "Not needed now" },
                        $"/Today?handler=Dismiss&id={item.Id}&user={manager.Id}")).StatusCode.Should().Be(HttpStatusCode.Redirect, Trail());
                    if (item.Kind == FollowUpKind.CheckIn) client.DismissedCheckIns.Add(item.DueOn);
                    if (item.Kind == FollowUpKind.WinBack) client.WinBackClosedInYear.Add(Today.Year);
                    break;
            }
        }

        private async Task PurchaseAsync(ModelClient client)
        {
            _log.Add($"purchase: {client.Name}");
            (await _admin.PostFormAsync($"/Clients/{client.Id}/Purchases/New", new Dictionary<string, string>
            {
                ["Input.Date"] = Iso(Today),
                ["Input.Amount"] = "750",
                ["Input.Currency"] = "USD",
                ["Input.Status"] = "Completed",
            })).StatusCode.Should().Be(HttpStatusCode.Redirect, Trail());
            client.Purchases.Add(Today);
        }

        private async Task OwnerChangeAsync(ModelClient client)
        {
            var to = _managers.First(m => m.Id != client.Owner);
            _log.Add($"owner change: {client.Name} to {to.Email}");
            (await _admin.PostFormAsync($"/Handoffs/Transfer/{client.Id}", new Dictionary<string, string>
            {
                ["Input.ToUserId"] = to.Id,
                ["Input.Note"] = "Handing over: prefers calls before noon, renewal talk pending.",
            })).StatusCode.Should().Be(HttpStatusCode.Redirect, Trail());
            client.Owner = to.Id;
        }

        private async Task EditAsync(ModelClient client, int cadence, bool doNotContact)
        {
            _log.Add($"edit: {client.Name} cadence {cadence}, do-not-contact {doNotContact}");
            var form = await _admin.GetPageAsync($"/Clients/Edit/{client.Id}");
            var fields = FormFields(form).Where(f => f.Key is not ("Input.CadenceDays" or "Input.DoNotContact" or "Input.DoNotContactReason")).ToList();
            fields.Add(new("Input.CadenceDays", cadence.ToString(CultureInfo.InvariantCulture)));
            fields.Add(new("Input.DoNotContact", doNotContact ? "true" : "false"));
            if (doNotContact) fields.Add(new("Input.DoNotContactReason", "Asked for a pause"));
            (await _admin.PostFormAsync($"/Clients/Edit/{client.Id}", fields)).StatusCode.Should().Be(HttpStatusCode.Redirect, Trail());
            client.Cadence = cadence;
            client.DoNotContact = doNotContact;
        }

        private async Task SetScheduleAsync(ModelManager manager, int capacity, HashSet<DayOfWeek> days)
        {
            _log.Add($"schedule of {manager.Email}: capacity {capacity}, {string.Join(" ", days.Order())}");
            var form = await _admin.GetPageAsync($"/Admin/Users/Edit/{manager.Id}");
            var fields = FormFields(form).Where(f => f.Key is not ("Input.DailyCapacity" or "Input.WorkingDays")).ToList();
            fields.Add(new("Input.DailyCapacity", capacity.ToString(CultureInfo.InvariantCulture)));
            fields.AddRange(days.Select(d => new KeyValuePair<string, string>("Input.WorkingDays", d.ToString())));
            (await _admin.PostFormAsync($"/Admin/Users/Edit/{manager.Id}", fields)).StatusCode.Should().Be(HttpStatusCode.Redirect, Trail());
            manager.Capacity = capacity;
            manager.Days = days;
        }

        private async Task DaysPassAsync(int days)
        {
            app.Time.Advance(TimeSpan.FromDays(days));
            _log.Add($"{days} days pass: {Iso(Today)}");
            await NightAsync();
            // A new morning: the admin signs in again (the sign-in of days ago has expired).
            _admin.Dispose();
            _admin = await app.SignedInAsync(CrmApp.AdminEmail);
        }

        private async Task NightAsync()
        {
            foreach (var job in new[] { "lybunt-flag", "occasion-schedule", "check-in-schedule" })
                await app.WithServicesAsync(async sp => { await sp.GetRequiredService<JobRunner>().RunAsync(job, CancellationToken.None); return 0; });
        }

        // ---------------------------------------------------------------- the model's expectations

        /// <summary>Bought in the previous calendar year, not yet in this one (fiscal year = calendar year).</summary>
        private bool IsLybunt(ModelClient c) =>
            c.Purchases.Any(p => p.Year == Today.Year - 1) && !c.Purchases.Any(p => p.Year == Today.Year && p <= Today);

        private DateOnly NextCheckIn(ModelClient c)
        {
            var lastPurchase = c.Purchases.Where(p => p <= Today).Select(p => (DateOnly?)p).Max();
            return (c.LastContact ?? lastPurchase ?? c.Created).AddDays(c.Cadence);
        }

        public async Task CheckAsync()
        {
            var today = Today;
            var open = await app.WithDbAsync(db => db.FollowUps.AsNoTracking()
                .Where(f => f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed).ToListAsync());
            foreach (var c in _clients)
            {
                var mine = open.Where(f => f.ClientId == c.Id).ToList();
                var contact = mine.Where(f => f.Kind is FollowUpKind.CheckIn or FollowUpKind.WinBack).ToList();
                // 3. Everything open is with the owner.
                mine.Should().NotContain(f => f.AssigneeId != c.Owner, "open work of {0} is with its owner; {1}", c.Name, Trail());
                if (c.DoNotContact)
                {
                    mine.Should().NotContain(f => f.Kind != FollowUpKind.ProspectReview, "{0} must not be contacted; {1}", c.Name, Trail());
                    continue;
                }
                // 1–2. One contact item, the win-back for a LYBUNT client, else the check-in due on the rule's date.
                contact.Count.Should().BeLessThanOrEqualTo(1, "{0} has one contact item at a time; {1}", c.Name, Trail());
                if (IsLybunt(c) && !c.WinBackClosedInYear.Contains(today.Year))
                {
                    var winBack = contact.Should().ContainSingle("{0} is LYBUNT; {1}", c.Name, Trail()).Subject;
                    winBack.Kind.Should().Be(FollowUpKind.WinBack, "a win-back supersedes the check-in of {0}; {1}", c.Name, Trail());
                    if (c.LastWinBackAttempt is { } attempt && attempt.Year == today.Year)
                        winBack.DueOn.Should().BeOnOrAfter(attempt.AddDays(WinBackCadence), "the next attempt with {0} follows the win-back cadence; {1}", c.Name, Trail());
                    continue;
                }
                var due = NextCheckIn(c);
                if (due <= today.AddDays(Horizon) && !c.DismissedCheckIns.Contains(due))
                {
                    var checkIn = contact.Should().ContainSingle("{0} is due for a check-in on {1}; {2}", c.Name, Iso(due), Trail()).Subject;
                    checkIn.Kind.Should().Be(FollowUpKind.CheckIn, Trail());
                    checkIn.DueOn.Should().Be(due, "the check-in of {0} is due on the date the rules give now; {1}", c.Name, Trail());
                }
                else
                {
                    contact.Should().BeEmpty("{0} has nothing due (next check-in {1}); {2}", c.Name, Iso(due), Trail());
                }
            }

            foreach (var m in _managers)
            {
                var planned = open.Where(f => f.AssigneeId == m.Id).ToList();
                // 4. Working days, occasions on or before their date, capacity on the days ahead.
                planned.Where(f => f.PlannedOn >= today).Should().NotContain(f => !m.Days.Contains(f.PlannedOn.DayOfWeek),
                    "{0} works {1}; {2}", m.Email, string.Join(" ", m.Days), Trail());
                // (One the user snoozed past the last working day before its date can only come after it.)
                planned.Where(f => f.Kind == FollowUpKind.Occasion && f.SnoozedUntil == null && f.DueOn >= today)
                    .Should().NotContain(f => f.PlannedOn > f.DueOn, "an occasion is never planned after its date; {0}", Trail());
                planned.Where(f => f.SnoozedUntil > today).Should().NotContain(f => f.PlannedOn < f.SnoozedUntil, Trail());
                foreach (var day in planned.Where(f => f.PlannedOn > today).GroupBy(f => f.PlannedOn))
                {
                    (day.Count() <= m.Capacity || day.All(f => f.Kind == FollowUpKind.Occasion)).Should().BeTrue(
                        "{0} has {1} follow-ups on {2} for a capacity of {3}; {4}", m.Email, day.Count(), Iso(day.Key), m.Capacity, Trail());
                }
                // 5. "Overdue" only for planned work that was missed.
                var page = await _admin.GetPageAsync($"/Today?user={m.Id}");
                page.Document.QuerySelectorAll("[data-testid=today-list] [data-testid=overdue]").Length.Should().Be(
                    planned.Count(f => f.PlannedOn < today), "overdue on the list of {0} is missed planned work; {1}", m.Email, Trail());
            }
        }

        private string Trail()
        {
            var text = "after: " + string.Join(" → ", _log);
            output.WriteLine(text);
            return text;
        }

        private T Pick<T>(T[] items) => items[random.Next(items.Length)];

        private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        /// <summary>The values a browser would send for the page's main form: inputs, ticked boxes, selected options, text areas.</summary>
        private static List<KeyValuePair<string, string>> FormFields(Page page)
        {
            var form = page.Document.QuerySelectorAll("form[method=post]").OfType<IHtmlFormElement>()
                .OrderByDescending(f => f.Elements.Length).First();
            var fields = new List<KeyValuePair<string, string>>();
            foreach (var element in form.Elements)
            {
                switch (element)
                {
                    case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name):
                        if (input.Type is "checkbox" or "radio" && !input.IsChecked) break;
                        if (input.Type is "submit" or "button") break;
                        fields.Add(new(input.Name, input.Value));
                        break;
                    case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                        foreach (var option in select.Options.Where(o => o.IsSelected)) fields.Add(new(select.Name!, option.Value));
                        break;
                    case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                        fields.Add(new(area.Name!, area.Value));
                        break;
                }
            }
            return fields;
        }
    }
}
