using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// <c>/api/v1/clients/{id}/touchpoints</c>: a touch logged here closes or moves the client's check-in at once, through
/// <see cref="ClientChanges"/> as the touch form does; and the client's touches, newest first.
/// </summary>
public static class TouchpointsApi
{
    public const int MaxSummaryLength = 4000;

    public sealed record TouchpointInput(DateOnly? OccurredOn, string? Channel, string? Direction, string? Outcome, string? Summary);

    public sealed record TouchpointView(int Id, int ClientId, DateOnly OccurredOn, string Channel, string Direction, string Outcome,
        string? Summary, DateTime CreatedAt);

    public sealed record TouchpointCreated(TouchpointView Touchpoint, DateOnly? NextCheckInOn);

    public static RouteGroupBuilder MapTouchpointsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/clients/{clientId:int}/touchpoints", ListAsync).WithName("ListTouchpoints");
        api.MapPost("/clients/{clientId:int}/touchpoints", CreateAsync).WithName("CreateTouchpoint").RequireAuthorization(ApiSetup.WritePolicy);
        return api;
    }

    private static async Task<IResult> ListAsync(int clientId, CrmDbContext db, ClaimsPrincipal user, int? limit, CancellationToken ct)
    {
        if (!await db.SeesClientAsync(user, clientId, ct)) return ApiProblems.ClientNotFound();
        var rows = await db.Touchpoints.AsNoTracking().Where(t => t.ClientId == clientId)
            .OrderByDescending(t => t.OccurredOn).ThenByDescending(t => t.Id).Take(Math.Clamp(limit ?? 50, 1, 200))
            .Select(t => new { t.Id, t.ClientId, t.OccurredOn, t.Channel, t.Direction, t.Outcome, t.Summary, t.CreatedAtUtc })
            .ToListAsync(ct);
        return TypedResults.Ok(rows.Select(t => new TouchpointView(t.Id, t.ClientId, t.OccurredOn, t.Channel.ToString(), t.Direction.ToString(),
            t.Outcome.ToString(), t.Summary, t.CreatedAtUtc)).ToList());
    }

    private static async Task<IResult> CreateAsync(int clientId, TouchpointInput input, CrmDbContext db, ClaimsPrincipal user, HttpContext http,
        IClock clock, Audit audit, ClientChanges changes, ApiIdempotency idempotency, CancellationToken ct)
    {
        if (!await db.SeesClientAsync(user, clientId, ct)) return ApiProblems.ClientNotFound();

        // The touch form's rules and messages.
        var errors = new Dictionary<string, string[]>();
        var today = clock.Today;
        var when = input.OccurredOn ?? today;
        if (when > today) errors["occurredOn"] = ["A touchpoint cannot be in the future."];
        if (when < today.AddYears(-50)) errors["occurredOn"] = ["Enter a date in the last 50 years."];
        var channel = Parse<Channel>(input.Channel, "channel", "Choose a channel.", errors);
        var direction = Parse<Direction>(input.Direction ?? nameof(Direction.Outbound), "direction", "Choose a direction.", errors);
        var outcome = Parse<TouchpointOutcome>(input.Outcome ?? nameof(TouchpointOutcome.Reached), "outcome", "Choose an outcome.", errors);
        var summary = TextInput.Clean(input.Summary, multiline: true);
        if (summary is { Length: > MaxSummaryLength }) errors["summary"] = [$"Keep the summary under {MaxSummaryLength} characters."];
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        return await idempotency.RunAsync(http, new { clientId, input }, async () =>
        {
            var touch = new Touchpoint
            {
                ClientId = clientId,
                UserId = user.Id(),
                OccurredOn = when,
                CreatedAtUtc = clock.UtcNow,
                Channel = channel,
                Direction = direction,
                Outcome = outcome,
                Summary = summary,
            };
            var result = await changes.TouchLoggedAsync(touch, ct: ct);
            audit.Record("touchpoint.logged", nameof(Touchpoint), touch.Id, $"client {clientId}, api");
            await db.SaveChangesAsync(ct);
            var view = new TouchpointView(touch.Id, clientId, when, channel.ToString(), direction.ToString(), outcome.ToString(), summary, touch.CreatedAtUtc);
            return new ApiIdempotency.Answer(StatusCodes.Status201Created, new TouchpointCreated(view, result.NextCheckInOn),
                $"/api/v1/clients/{clientId}/touchpoints");
        }, ct);
    }

    private static T Parse<T>(string? text, string field, string message, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (text is not null && !int.TryParse(text, out _) && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
        errors[field] = [message];
        return default;
    }
}
