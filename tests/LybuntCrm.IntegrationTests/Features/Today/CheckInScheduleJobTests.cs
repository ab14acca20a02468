using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Today;

public sealed class CheckInScheduleJobTests
{
    [Fact]
    public async Task Each_contactable_client_due_soon_or_overdue_gets_exactly_one_check_in_and_a_second_run_changes_nothing()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var overdue = await TodaySeed.ClientAsync(app, managerId, "Overdue", lastContactDaysAgo: 150);
        var soon = await TodaySeed.ClientAsync(app, managerId, "Soon", lastContactDaysAgo: 110);
        await TodaySeed.ClientAsync(app, managerId, "Later", lastContactDaysAgo: 30);
        await TodaySeed.ClientAsync(app, managerId, "Blocked", 150, c => { c.DoNotContact = true; c.DoNotContactReason = "Asked us to stop"; });
        await TodaySeed.ClientAsync(app, managerId, "Gone", 150, c => { c.Status = ClientStatus.LetGo; c.LetGoReason = "Moved abroad"; });
        await TodaySeed.ClientAsync(app, managerId, "Bad fit", 150, c => c.Status = ClientStatus.Disqualified);

        var first = await TodaySeed.RunCheckInsAsync(app);
        var afterFirst = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().OrderBy(f => f.Id).ToListAsync());
        var second = await TodaySeed.RunCheckInsAsync(app);
        var afterSecond = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().OrderBy(f => f.Id).ToListAsync());

        first.Created.Should().Be(2);
        second.Created.Should().Be(0);
        second.Closed.Should().Be(0);
        afterFirst.Select(f => f.ClientId).Should().BeEquivalentTo([overdue, soon]);
        afterSecond.Should().BeEquivalentTo(afterFirst);
        var overdueCheckIn = afterFirst.Single(f => f.ClientId == overdue);
        overdueCheckIn.Kind.Should().Be(FollowUpKind.CheckIn);
        overdueCheckIn.DueOn.Should().Be(app.Today.AddDays(-30));
        overdueCheckIn.PlannedOn.Should().Be(app.Today);
        overdueCheckIn.AssigneeId.Should().Be(managerId);
        overdueCheckIn.SourceKey.Should().Be(CheckInSchedule.SourceKey(overdue, app.Today.AddDays(-30)));
    }

    [Theory]
    [InlineData(Direction.Inbound, TouchpointOutcome.Other)]
    [InlineData(Direction.Outbound, TouchpointOutcome.Reached)]
    public async Task A_touch_that_counts_resets_the_cadence_and_replaces_the_check_in(Direction direction, TouchpointOutcome outcome)
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Acme", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);

        await app.WithDbAsync(async db =>
        {
            db.Touchpoints.Add(new Touchpoint
            {
                ClientId = clientId,
                UserId = managerId,
                OccurredOn = app.Today.AddDays(-110),
                Direction = direction,
                Outcome = outcome,
                Channel = Channel.Email,
                CreatedAtUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        await TodaySeed.RunCheckInsAsync(app);

        var followUps = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().OrderBy(f => f.Id).ToListAsync());
        followUps.Should().HaveCount(2);
        followUps[0].Status.Should().Be(FollowUpStatus.Dismissed);
        followUps[0].ClosedReasonCode.Should().Be(FollowUpReasons.CheckInMoved);
        app.ClosedReason(followUps[0]).Should().Be("Check-in date moved");
        followUps[1].Status.Should().Be(FollowUpStatus.Open);
        followUps[1].DueOn.Should().Be(app.Today.AddDays(10), "the new touch 110 days ago plus a 120-day cadence");
    }

    [Fact]
    public async Task A_call_nobody_answered_does_not_move_the_check_in()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Acme", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        await app.WithDbAsync(async db =>
        {
            db.Touchpoints.Add(new Touchpoint
            {
                ClientId = clientId,
                UserId = managerId,
                OccurredOn = app.Today,
                Outcome = TouchpointOutcome.NoAnswer,
                Channel = Channel.Phone,
                CreatedAtUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });

        await TodaySeed.RunCheckInsAsync(app);

        var followUp = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync());
        followUp.Status.Should().Be(FollowUpStatus.Open);
        followUp.DueOn.Should().Be(app.Today.AddDays(-10));
    }

    [Fact]
    public async Task A_client_marked_do_not_contact_loses_its_open_check_in()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Acme", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);

        await app.WithDbAsync(db => db.Clients.Where(c => c.Id == clientId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.DoNotContact, true)));
        await TodaySeed.RunCheckInsAsync(app);

        var followUp = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync());
        followUp.Status.Should().Be(FollowUpStatus.Dismissed);
        followUp.ClosedReasonCode.Should().Be(FollowUpReasons.NotContactable);
        app.ClosedReason(followUp).Should().Be("Client is not to be contacted");
    }

    [Fact]
    public async Task Open_follow_ups_are_spread_over_the_days_within_the_managers_capacity_oldest_first()
    {
        using var app = new CrmApp();
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == managerId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DailyCapacity, 2)));
        var ids = new List<int>();
        for (var i = 0; i < 5; i++) ids.Add(await TodaySeed.ClientAsync(app, managerId, $"Client {i}", lastContactDaysAgo: 130 + i));
        await TodaySeed.ClientAsync(app, otherId, "Other's", lastContactDaysAgo: 130);

        await TodaySeed.RunCheckInsAsync(app);

        var planned = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().Where(f => f.AssigneeId == managerId)
            .ToDictionaryAsync(f => f.ClientId, f => f.PlannedOn));
        planned.Values.Count(d => d == app.Today).Should().Be(2);
        planned.Values.Count(d => d == app.Today.AddDays(1)).Should().Be(2);
        planned.Values.Count(d => d == app.Today.AddDays(2)).Should().Be(1);
        planned[ids[4]].Should().Be(app.Today, "the most overdue comes first");
        planned[ids[0]].Should().Be(app.Today.AddDays(2));
    }

    [Fact]
    public async Task The_job_is_declared_and_runs_from_the_command_line_runner()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await TodaySeed.ClientAsync(app, managerId, "Acme", lastContactDaysAgo: 130);

        await app.WithServicesAsync(async sp =>
        {
            await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<LybuntCrm.Web.Infrastructure.Jobs.JobRunner>(sp).RunAsync(CheckInScheduleJob.JobId, CancellationToken.None);
            return 0;
        });

        (await app.WithDbAsync(db => db.FollowUps.CountAsync())).Should().Be(1);
    }
}
