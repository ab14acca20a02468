using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Today;

/// <summary>The personal calendar feed: <c>GET /calendar/{token}.ics</c>, anonymous, the token being the secret.</summary>
public static class CalendarFeed
{
    public const int MinTokenLength = 32;
    public const int DaysBack = 30;
    public const int DaysAhead = 366;

    public static string PathFor(string token) => $"/calendar/{token}.ics";

    public static IEndpointRouteBuilder MapCalendarFeed(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/calendar/{token}.ics", FeedAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> FeedAsync(string token, CrmDbContext db, IClock clock, HttpContext http, CancellationToken ct)
    {
        if (token.Length < MinTokenLength || token.Length > 64) return Results.NotFound();
        var user = await db.Users.AsNoTracking().Where(u => u.CalendarToken == token && u.IsActive)
            .Select(u => new { u.Id, u.DisplayName, u.TimeZoneId }).FirstOrDefaultAsync(ct);
        if (user is null) return Results.NotFound();

        var today = clock.TodayIn(user.TimeZoneId);
        var from = today.AddDays(-DaysBack);
        var until = today.AddDays(DaysAhead);
        var items = await db.FollowUps.AsNoTracking()
            .Where(f => f.AssigneeId == user.Id && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed)
                && f.PlannedOn >= from && f.PlannedOn <= until)
            .OrderBy(f => f.PlannedOn).ThenBy(f => f.DueOn).ThenBy(f => f.Id)
            .Select(f => new { f.Id, f.ClientId, ClientName = f.Client!.Name, f.Kind, f.Reason, f.PlannedOn, f.DueOn })
            .ToListAsync(ct);

        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        var host = http.Request.Host.Host;
        var events = items.Select(i => new ICalendarWriter.Event(
            $"followup-{i.Id}@{host}",
            i.PlannedOn < today ? today : i.PlannedOn,
            $"{KindLabel(i.Kind)}: {i.ClientName}",
            $"{i.Reason}\nDue {i.DueOn:yyyy-MM-dd}",
            $"{origin}/Clients/{i.ClientId}"));
        var body = ICalendarWriter.Write($"LybuntCrm – {user.DisplayName}", clock.UtcNow, events);
        http.Response.Headers.CacheControl = "private, max-age=300";
        return Results.Text(body, "text/calendar; charset=utf-8");
    }

    private static string KindLabel(FollowUpKind kind) => kind switch
    {
        FollowUpKind.CheckIn => "Check-in",
        FollowUpKind.Occasion => "Occasion",
        FollowUpKind.WinBack => "Win-back",
        FollowUpKind.ProspectReview => "Prospect review",
        _ => "Follow-up",
    };
}
