using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Today;

public sealed class OccasionScheduleJobTests
{
    [Fact]
    public async Task Birthdays_anniversaries_and_delivered_projects_a_week_ahead_become_occasions_once()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Acme", 10, c =>
        {
            c.Contacts[0].BirthdayDay = 20;
            c.Contacts[0].BirthdayMonth = 6;
            c.Purchases.Add(new Purchase { Date = new DateOnly(2021, 6, 19), Amount = 100 });
            c.KeyDates.Add(new KeyDate { Kind = KeyDateKind.ProjectDelivered, Date = new DateOnly(2025, 12, 18), Label = "Office fit-out" });
            c.KeyDates.Add(new KeyDate { Kind = KeyDateKind.Custom, Date = new DateOnly(2019, 6, 22), Label = "Founding day" });
            c.KeyDates.Add(new KeyDate { Kind = KeyDateKind.Custom, Date = new DateOnly(2019, 7, 22), Label = "Too far ahead" });
        });

        var created = await TodaySeed.RunOccasionsAsync(app);
        var again = await TodaySeed.RunOccasionsAsync(app);

        created.Should().Be(4);
        again.Should().Be(0);
        var occasions = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().OrderBy(f => f.DueOn).ToListAsync());
        occasions.Should().OnlyContain(f => f.Kind == FollowUpKind.Occasion && f.ClientId == clientId && f.AssigneeId == managerId);
        occasions.Select(f => (f.DueOn, app.Reason(f))).Should().Equal(
            (new DateOnly(2026, 6, 18), $"Six months since {Bidi.Isolate("Office fit-out")} was delivered: send photos and a note"),
            (new DateOnly(2026, 6, 19), "5 years as a client on 19 June"),
            (new DateOnly(2026, 6, 20), $"Birthday of {Bidi.Isolate("Pat Acme")} on 20 June"),
            (new DateOnly(2026, 6, 22), $"{Bidi.Isolate("Founding day")} on 22 June"));
        occasions.Single(f => f.ReasonCode == FollowUpReasons.Birthday).ContactId.Should().NotBeNull();
        // Each on its date, or on the last working day before it (Saturday 20 June on Friday 19).
        occasions.Select(f => f.PlannedOn).Should().Equal(
            new DateOnly(2026, 6, 18), new DateOnly(2026, 6, 19), new DateOnly(2026, 6, 19), new DateOnly(2026, 6, 22));
    }

    [Fact]
    public async Task Do_not_contact_and_let_go_clients_get_no_occasions()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        void Birthday(Client c) { c.Contacts[0].BirthdayDay = 20; c.Contacts[0].BirthdayMonth = 6; }
        await TodaySeed.ClientAsync(app, managerId, "Blocked", 10, c => { Birthday(c); c.DoNotContact = true; });
        await TodaySeed.ClientAsync(app, managerId, "Gone", 10, c => { Birthday(c); c.Status = ClientStatus.LetGo; });

        (await TodaySeed.RunOccasionsAsync(app)).Should().Be(0);
        await TodaySeed.RunCheckInsAsync(app);

        (await app.WithDbAsync(db => db.FollowUps.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task A_leap_day_birthday_is_remembered_on_the_28th_in_a_common_year_and_across_the_year_end()
    {
        using var app = new CrmApp(new DateOnly(2027, 2, 22));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await TodaySeed.ClientAsync(app, managerId, "Leap", 10, c => { c.Contacts[0].BirthdayDay = 29; c.Contacts[0].BirthdayMonth = 2; });

        await TodaySeed.RunOccasionsAsync(app);

        var occasion = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync());
        occasion.DueOn.Should().Be(new DateOnly(2027, 2, 28));
        occasion.SourceKey.Should().EndWith(":2027");
    }

    [Fact]
    public async Task The_lead_days_are_a_setting()
    {
        using var app = new CrmApp(new DateOnly(2026, 12, 20));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await TodaySeed.ClientAsync(app, managerId, "New year", 10, c => { c.Contacts[0].BirthdayDay = 2; c.Contacts[0].BirthdayMonth = 1; });

        (await TodaySeed.RunOccasionsAsync(app)).Should().Be(0, "2 January is 13 days away");
        await app.WithDbAsync(db => db.SetSettingAsync(SettingKeys.OccasionLeadDays, "14"));
        (await TodaySeed.RunOccasionsAsync(app)).Should().Be(1);

        var occasion = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync());
        occasion.DueOn.Should().Be(new DateOnly(2027, 1, 2));
    }
}
