using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// <c>/api/v1/followups</c>: a manager's follow-ups planned for a day, and Today's done, snooze and dismiss, through the
/// same <see cref="FollowUpActions"/> and rules as the Today page.
/// </summary>
public static class FollowUpsApi
{
    public sealed record FollowUpView(int Id, int ClientId, string ClientName, string Kind, string Status, DateOnly DueOn, DateOnly PlannedOn,
        DateOnly? SnoozedUntil);

    public sealed record DoneInput(string? Outcome, string? Channel, string? Summary);

    public sealed record SnoozeInput(DateOnly? Until);

    public sealed record DismissInput(string? Reason);

    public static RouteGroupBuilder MapFollowUpsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/followups", ListAsync).WithName("ListFollowUps");
        api.MapPost("/followups/{id:int}/done", DoneAsync).WithName("FollowUpDone").RequireAuthorization(ApiSetup.WritePolicy);
        api.MapPost("/followups/{id:int}/snooze", SnoozeAsync).WithName("SnoozeFollowUp").RequireAuthorization(ApiSetup.WritePolicy);
        api.MapPost("/followups/{id:int}/dismiss", DismissAsync).WithName("DismissFollowUp").RequireAuthorization(ApiSetup.WritePolicy);
        return api;
    }

    private static async Task<IResult> ListAsync(CrmDbContext db, ClaimsPrincipal user, IClock clock, string? manager, DateOnly? date, CancellationToken ct)
    {
        // A manager's token lists that manager's follow-ups; an admin's, anyone's (their own by default).
        var assignee = user.IsAdmin() && !string.IsNullOrEmpty(manager) ? manager : user.Id();
        var day = date ?? clock.Today;
        var rows = await db.FollowUps.AsNoTracking()
            .Where(f => f.AssigneeId == assignee && f.PlannedOn == day && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed))
            .OrderBy(f => f.DueOn).ThenBy(f => f.Id)
            .Select(f => new { f.Id, f.ClientId, ClientName = f.Client!.Name, f.Kind, f.Status, f.DueOn, f.PlannedOn, f.SnoozedUntil })
            .ToListAsync(ct);
        return TypedResults.Ok(rows.Select(f => new FollowUpView(f.Id, f.ClientId, f.ClientName, f.Kind.ToString(), f.Status.ToString(), f.DueOn,
            f.PlannedOn, f.SnoozedUntil)).ToList());
    }

    private static async Task<IResult> DoneAsync(int id, DoneInput input, CrmDbContext db, ClaimsPrincipal user, FollowUpActions actions, CancellationToken ct)
    {
        var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (Refuse(followUp, user) is { } refused) return refused;
        var errors = new Dictionary<string, string[]>();
        var outcome = TouchpointOutcome.Reached;
        if (input.Outcome is not null && (!Enum.TryParse(input.Outcome, true, out outcome) || !Enum.IsDefined(outcome))) errors["outcome"] = ["Choose an outcome."];
        Channel? channel = null;
        if (input.Channel is not null)
        {
            if (Enum.TryParse<Channel>(input.Channel, true, out var parsed) && Enum.IsDefined(parsed)) channel = parsed;
            else errors["channel"] = ["Choose a channel."];
        }
        if (errors.Count > 0) return ApiProblems.Validation(errors);
        var touched = await actions.LogTouchAsync(followUp!, user.Id(), outcome, channel, summary: TextInput.Clean(input.Summary, multiline: true), ct: ct);
        return TypedResults.Ok(new { id, touched.CountsAsContact, touched.NextCheckInOn });
    }

    private static async Task<IResult> SnoozeAsync(int id, SnoozeInput input, CrmDbContext db, ClaimsPrincipal user, IClock clock, FollowUpActions actions,
        CancellationToken ct)
    {
        var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (Refuse(followUp, user) is { } refused) return refused;
        var today = clock.Today;
        string? error = input.Until is not { } until ? "Choose the day to come back to it."
            : until <= today ? "Choose a day after today."
            : until > today.AddDays(Today.IndexModel.MaxSnoozeDays) ? "Choose a day within a year." : null;
        if (error is not null) return ApiProblems.Validation(new() { ["until"] = [error] });
        await actions.SnoozeAsync(followUp!, input.Until!.Value, ct);
        return TypedResults.Ok(new { id, status = followUp!.Status.ToString(), followUp.SnoozedUntil });
    }

    private static async Task<IResult> DismissAsync(int id, DismissInput input, CrmDbContext db, ClaimsPrincipal user, IClock clock, Audit audit,
        ClientChanges changes, CancellationToken ct)
    {
        var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (Refuse(followUp, user) is { } refused) return refused;
        var reason = TextInput.Clean(input.Reason)?.Trim();
        if (string.IsNullOrWhiteSpace(reason)) return ApiProblems.Validation(new() { ["reason"] = ["Say why this follow-up is dismissed."] });
        if (reason.Length > 500) return ApiProblems.Validation(new() { ["reason"] = ["Keep the reason under 500 characters."] });
        await db.InTransactionAsync(async () =>
        {
            followUp!.Status = FollowUpStatus.Dismissed;
            followUp.ClosedReason = reason;
            followUp.ClosedAtUtc = clock.UtcNow;
            audit.Record("followup.dismissed", "FollowUp", followUp.Id, "api");
            await db.SaveChangesAsync(ct);
            // A dismissed win-back gives the routine check-in back, at once, as on Today.
            await changes.ClientChangedAsync(followUp.ClientId, ct);
        }, ct);
        return TypedResults.Ok(new { id, status = followUp!.Status.ToString() });
    }

    /// <summary>404 for a follow-up that does not exist or is someone else's (never revealed); 409 for one already closed.</summary>
    private static IResult? Refuse(FollowUp? followUp, ClaimsPrincipal user)
    {
        if (followUp is null || !FollowUpActions.MayActOn(user, followUp))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No follow-up with this id.");
        if (FollowUpActions.IsClosed(followUp))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already closed", detail: "That follow-up was already closed.");
        return null;
    }
}
