using System.Globalization;
using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Today;

/// <summary>
/// Today's actions on a follow-up: a touch logged from it and a snooze. Today's buttons and the digest's one-click links
/// both come here, so a tap in the email does exactly what the same tap on Today does. Each joins the caller's
/// transaction when there is one.
/// </summary>
public sealed class FollowUpActions(CrmDbContext db, IClock clock, Audit audit, ClientChanges changes)
{
    /// <summary>How far the one-tap snooze (the digest's "Snooze 3 days") puts a follow-up off.</summary>
    public const int QuickSnoozeDays = 3;

    /// <summary>Done or dismissed: nothing more can be done with it.</summary>
    public static bool IsClosed(FollowUp followUp) => followUp.Status is FollowUpStatus.Done or FollowUpStatus.Dismissed;

    /// <summary>A manager acts on their own follow-ups; an admin on anyone's.</summary>
    public static bool MayActOn(ClaimsPrincipal user, FollowUp followUp) => user.IsAdmin() || followUp.AssigneeId == user.Id();

    /// <summary>
    /// Logs a touch that answers the follow-up, by <paramref name="userId"/>, today. Without a channel, the one Today's
    /// quick buttons use: the contact's preferred channel, else the client's.
    /// </summary>
    public async Task<ClientChanges.TouchOutcome> LogTouchAsync(FollowUp followUp, string userId, TouchpointOutcome outcome,
        Channel? channel = null, Direction direction = Direction.Outbound, string? summary = null, CancellationToken ct = default)
    {
        var contacts = await FollowUpContacts.LoadAsync(db, [followUp.ClientId], ct);
        if (channel is null)
        {
            var client = await db.Clients.AsNoTracking().Where(c => c.Id == followUp.ClientId)
                .Select(c => new { c.PreferredChannel, c.PostalAddress }).FirstAsync(ct);
            channel = contacts.ReachFor(followUp.ClientId, followUp.ContactId, client.PreferredChannel, client.PostalAddress).Channel;
        }
        var touch = new Touchpoint
        {
            ClientId = followUp.ClientId,
            ContactId = contacts.For(followUp.ClientId, followUp.ContactId)?.Id,
            UserId = userId,
            OccurredOn = clock.Today,
            CreatedAtUtc = clock.UtcNow,
            Channel = channel.Value,
            Direction = direction,
            Outcome = outcome,
            Summary = string.IsNullOrWhiteSpace(summary) ? null : summary,
        };
        audit.Record("followup.done", "FollowUp", followUp.Id, $"client={followUp.ClientId} outcome={outcome}");
        return await changes.TouchLoggedAsync(touch, followUp.Id, ct);
    }

    /// <summary>Puts a (tracked) follow-up off until <paramref name="until"/>; a day off moves it to the next working day.</summary>
    public async Task SnoozeAsync(FollowUp followUp, DateOnly until, CancellationToken ct = default)
    {
        followUp.Status = FollowUpStatus.Snoozed;
        followUp.SnoozedUntil = until;
        followUp.PlannedOn = until;
        audit.Record("followup.snoozed", "FollowUp", followUp.Id, string.Create(CultureInfo.InvariantCulture, $"until={until:yyyy-MM-dd}"));
        await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            await FollowUpPlanning.LevelAsync(db, clock, [followUp.AssigneeId], ct);
        }, ct);
    }

    /// <summary>
    /// A one-tap action from outside Today (a digest link, a Telegram button) on a follow-up that may be acted on: a touch
    /// logged by <paramref name="userId"/>, or the quick snooze. Returns what was done, as Today would say it.
    /// </summary>
    public async Task<string> ApplyQuickActionAsync(FollowUp followUp, Digest.LinkAction action, string userId, string clientName,
        IStringLocalizer t, DisplayFormat f, CancellationToken ct = default)
    {
        if (action == Digest.LinkAction.Snooze)
        {
            var until = await QuickSnoozeUntilAsync(userId, ct);
            await SnoozeAsync(followUp, until, ct);
            return t["Snoozed until {0}.", f.Date(until)].Value;
        }
        var outcome = action == Digest.LinkAction.Reached ? TouchpointOutcome.Reached : TouchpointOutcome.NoAnswer;
        var touched = await LogTouchAsync(followUp, userId, outcome, ct: ct);
        return TouchMessages.For(t, f, clientName, touched);
    }

    /// <summary>The day the one-tap snooze brings a follow-up back: <see cref="QuickSnoozeDays"/> after the user's today.</summary>
    public async Task<DateOnly> QuickSnoozeUntilAsync(string userId, CancellationToken ct = default)
    {
        var zone = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.TimeZoneId).FirstOrDefaultAsync(ct);
        return clock.TodayIn(zone ?? "UTC").AddDays(QuickSnoozeDays);
    }
}
