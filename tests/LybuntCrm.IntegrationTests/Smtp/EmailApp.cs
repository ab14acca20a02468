using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Smtp;

/// <summary>A time provider the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>The app with a hand-moved clock: today is pinned unless the settings clear <c>Clock:Today</c>.</summary>
public sealed class EmailApp : CrmApp
{
    public EmailApp(DateTimeOffset utcNow, IDictionary<string, string?>? settings = null, DateOnly? today = null)
        : base(today ?? DateOnly.FromDateTime(utcNow.UtcDateTime), settings)
    {
        Time = new ManualTime(utcNow);
    }

    public ManualTime Time { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    public Task RunJobAsync(string id) =>
        WithServicesAsync(async sp => { await sp.GetRequiredService<JobRunner>().RunAsync(id, CancellationToken.None); return 0; });

    public async Task<int> AddClientAsync(string ownerId, string name, Channel channel = Channel.Email, string? phone = null, string? email = null,
        Action<Client>? configure = null)
    {
        return await WithDbAsync(async db =>
        {
            var client = new Client { Name = name, OwnerId = ownerId, PreferredChannel = channel, CreatedOn = Today, CreatedAtUtc = Time.Now.UtcDateTime };
            if (phone is not null || email is not null)
                client.Contacts.Add(new Contact { Name = name + " contact", Phone = phone, Email = email, IsPrimary = true });
            configure?.Invoke(client);
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            return client.Id;
        });
    }

    public Task AddFollowUpAsync(int clientId, string assigneeId, FollowUpKind kind, DateOnly plannedOn, DateOnly dueOn, string reason) =>
        WithDbAsync(async db =>
        {
            db.FollowUps.Add(new FollowUp
            {
                ClientId = clientId,
                AssigneeId = assigneeId,
                Kind = kind,
                PlannedOn = plannedOn,
                DueOn = dueOn,
                Reason = reason,
                SourceKey = $"test:{Guid.NewGuid():N}",
                CreatedAtUtc = Time.Now.UtcDateTime,
            });
            await db.SaveChangesAsync();
        });

    public Task<List<OutboundEmail>> OutboxAsync() => WithDbAsync(db => db.OutboundEmails.AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    public Task SetUserAsync(string userId, string timeZoneId, int digestHour = 7, bool digestEnabled = true) =>
        WithDbAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.TimeZoneId, timeZoneId)
            .SetProperty(u => u.DigestHour, digestHour)
            .SetProperty(u => u.DigestEnabled, digestEnabled)));
}
