using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Prospects;
using LybuntCrm.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Prospects;

/// <summary>Small builders for prospects and their touchpoints.</summary>
internal static class ProspectArrange
{
    public static async Task<int> AddProspectAsync(this CrmApp app, string ownerId, string name = "Northwind Traders",
        LifecycleStage stage = LifecycleStage.Interested, int knownForDays = 60, Action<Client>? configure = null)
    {
        return await app.WithDbAsync(async db =>
        {
            var client = new Client
            {
                Name = name,
                OwnerId = ownerId,
                Status = ClientStatus.Prospect,
                Stage = stage,
                CreatedOn = app.Today.AddDays(-knownForDays),
                CreatedAtUtc = DateTime.UtcNow,
                ExpectedValue = 10_000m,
                AcquisitionCost = 300m,
            };
            configure?.Invoke(client);
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            await ClientFacts.RefreshAsync(db, client.Id);
            return client.Id;
        });
    }

    public static Task AddTouchAsync(this CrmApp app, int clientId, string userId, int daysAgo, TouchpointOutcome outcome,
        Direction direction = Direction.Outbound, bool disrespectful = false) =>
        app.WithDbAsync(async db =>
        {
            db.Touchpoints.Add(new Touchpoint
            {
                ClientId = clientId,
                UserId = userId,
                OccurredOn = app.Today.AddDays(-daysAgo),
                CreatedAtUtc = DateTime.UtcNow,
                Channel = Channel.Phone,
                Direction = direction,
                Outcome = outcome,
                Summary = $"{outcome} {daysAgo} days ago",
                Disrespectful = disrespectful,
            });
            await db.SaveChangesAsync();
            await ClientFacts.RefreshAsync(db, clientId);
        });

    /// <summary>A prospect that keeps postponing: three postponements and no-shows in the last weeks, but it did answer recently.</summary>
    public static async Task<int> AddDelayingProspectAsync(this CrmApp app, string ownerId, string name = "Busy Bee Ltd")
    {
        var id = await app.AddProspectAsync(ownerId, name);
        await app.AddTouchAsync(id, ownerId, 30, TouchpointOutcome.Postponed);
        await app.AddTouchAsync(id, ownerId, 20, TouchpointOutcome.NoShow);
        await app.AddTouchAsync(id, ownerId, 10, TouchpointOutcome.Postponed);
        await app.AddTouchAsync(id, ownerId, 5, TouchpointOutcome.Reached, Direction.Inbound);
        return id;
    }

    public static Task<ProspectReviewJob.Result> RunReviewJobAsync(this CrmApp app) =>
        app.WithServicesAsync(sp => sp.GetRequiredService<ProspectReviewJob>().RunOnceAsync());

    public static Task AddFollowUpAsync(this CrmApp app, int clientId, string assigneeId, FollowUpKind kind, string key) =>
        app.WithDbAsync(async db =>
        {
            db.FollowUps.Add(new FollowUp
            {
                ClientId = clientId,
                AssigneeId = assigneeId,
                Kind = kind,
                DueOn = app.Today,
                PlannedOn = app.Today,
                Reason = "Arranged",
                SourceKey = key,
                CreatedAtUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });

    public static Dictionary<string, string> Decision(ReviewDecision decision, DisqualifyReason? reason = null, string? note = null, DateOnly? revisitOn = null)
    {
        var fields = new Dictionary<string, string> { ["Input.Decision"] = decision.ToString() };
        if (reason is not null) fields["Input.Reason"] = reason.Value.ToString();
        if (note is not null) fields["Input.Note"] = note;
        if (revisitOn is not null) fields["Input.RevisitOn"] = revisitOn.Value.ToString("yyyy-MM-dd");
        return fields;
    }
}
