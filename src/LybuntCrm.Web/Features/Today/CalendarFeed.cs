using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Today;

/// <summary>
/// The personal calendar feed: <c>GET /calendar/{token}.ics</c>, anonymous, the token being the secret. Event text is in the
/// user's language and calendar; the iCal dates themselves stay ISO. With a saved view chosen for it, the feed holds the
/// open follow-ups of that view's clients only (still only the user's own follow-ups): a manager who follows a
/// "VIP" view in their calendar sees those calls there and the rest of the work on Today.
/// </summary>
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

    private static async Task<IResult> FeedAsync(string token, CrmDbContext db, IClock clock, IStringLocalizer<SharedResource> t,
        HouseCurrency houseCurrency, HttpContext http, CancellationToken ct)
    {
        if (token.Length < MinTokenLength || token.Length > 64) return Results.NotFound();
        var user = await db.Users.AsNoTracking().Where(u => u.CalendarToken == token && u.IsActive)
            .Select(u => new { u.Id, u.DisplayName, u.TimeZoneId, u.Culture, u.UseSolarHijri, u.CalendarViewId }).FirstOrDefaultAsync(ct);
        if (user is null) return Results.NotFound();

        var today = clock.TodayIn(user.TimeZoneId);
        var from = today.AddDays(-DaysBack);
        var until = today.AddDays(DaysAhead);
        var followUps = db.FollowUps.AsNoTracking();
        if (await Clients.SavedViews.ChosenAsync(db, user.CalendarViewId, user.Id, ct) is { } view)
            followUps = followUps.Where(f => view.Clients.Select(c => c.Id).Contains(f.ClientId));
        var items = await followUps
            .Where(f => f.AssigneeId == user.Id && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed)
                && f.PlannedOn >= from && f.PlannedOn <= until)
            .OrderBy(f => f.PlannedOn).ThenBy(f => f.DueOn).ThenBy(f => f.Id)
            .Select(f => new { f.Id, f.ClientId, ClientName = f.Client!.Name, f.Kind, Reason = new StoredReason(f.Reason, f.ReasonCode, f.ReasonArgs), f.PlannedOn, f.DueOn })
            .ToListAsync(ct);

        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        var host = http.Request.Host.Host;
        string body;
        using (CultureScope.Use(user.Culture))
        {
            var f = DisplayFormat.For(user.Culture, user.UseSolarHijri, houseCurrency.Code);
            var events = items.Select(i => new ICalendarWriter.Event(
                $"followup-{i.Id}@{host}",
                i.PlannedOn < today ? today : i.PlannedOn,
                t["{0}: {1}", EnumLabels.Label(t, i.Kind), i.ClientName],
                FollowUpReasons.Describe(i.Reason, t, f) + "\n" + t["Due {0}", f.Date(i.DueOn)],
                $"{origin}/Clients/{i.ClientId}")).ToList();
            body = ICalendarWriter.Write($"LybuntCrm – {user.DisplayName}", clock.UtcNow, events);
        }
        http.Response.Headers.CacheControl = "private, max-age=300";
        return Results.Text(body, "text/calendar; charset=utf-8");
    }
}
