using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Digest;

/// <summary>
/// Where a one-click link from the digest lands. A GET only shows what the link would do (mail scanners follow links),
/// with one button; the POST checks the link again, records its use and applies the action in one transaction, through
/// the same code as Today's buttons. A link that cannot be used says why and changes nothing.
/// </summary>
public sealed class ActModel(CrmDbContext db, IClock clock, ActionLinks links, FollowUpActions actions, IStringLocalizer<SharedResource> T,
    DisplayFormat F) : PageModel
{
    public ActionLinkRefusal? Refusal { get; private set; }
    public LinkAction Action { get; private set; }
    public int ClientId { get; private set; }
    public string ClientName { get; private set; } = "";
    public string Why { get; private set; } = "";
    public DateOnly? SnoozeUntil { get; private set; }

    /// <summary>Set once the action is applied: what it did, as Today would say it.</summary>
    public string? DoneMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        var (_, followUp) = await CheckAsync(token, ct);
        return followUp is null ? Refused() : Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var (link, followUp) = await CheckAsync(token, ct);
        if (link is null || followUp is null) return Refused();
        try
        {
            DoneMessage = await db.InTransactionAsync(async () =>
            {
                // First the use: a second tap racing this one waits on the unique index and fails there, before any change.
                db.ActionLinkUses.Add(new ActionLinkUse { LinkId = link.LinkId, UserId = link.UserId, UsedAtUtc = clock.UtcNow });
                await db.SaveChangesAsync(ct);
                return await ApplyAsync(link, followUp, ct);
            }, ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.ActionLinkUses.AnyAsync(u => u.LinkId == link.LinkId, ct)) throw;
            Refusal = ActionLinkRefusal.AlreadyUsed;
            return Refused();
        }
        return Page();
    }

    private Task<string> ApplyAsync(ActionLink link, FollowUp followUp, CancellationToken ct) =>
        actions.ApplyQuickActionAsync(followUp, link.Action, link.UserId, ClientName, T, F, ct);

    /// <summary>The link and its follow-up (tracked, for the POST) when the link may be used; otherwise sets <see cref="Refusal"/>.</summary>
    private async Task<(ActionLink? Link, FollowUp? FollowUp)> CheckAsync(string token, CancellationToken ct)
    {
        var link = links.Read(token);
        Refusal = link switch
        {
            null => ActionLinkRefusal.Invalid,
            // Before anything about the follow-up is read: a link sent to someone else shows nothing of theirs.
            _ when link.UserId != User.Id() => ActionLinkRefusal.OtherUser,
            _ when links.IsExpired(link) => ActionLinkRefusal.Expired,
            _ when await db.ActionLinkUses.AnyAsync(u => u.LinkId == link.LinkId, ct) => ActionLinkRefusal.AlreadyUsed,
            _ => null,
        };
        if (Refusal is not null) return (link, null);

        var followUp = await db.FollowUps.Include(f => f.Client).FirstOrDefaultAsync(f => f.Id == link!.FollowUpId, ct);
        if (followUp is not null)
        {
            ClientId = followUp.ClientId;
            ClientName = followUp.Client!.Name;
            Why = FollowUpReasons.Describe(FollowUpReasons.ReasonOf(followUp), T, F);
        }
        Refusal = followUp switch
        {
            null => ActionLinkRefusal.Gone,
            _ when FollowUpActions.IsClosed(followUp) => ActionLinkRefusal.Closed,
            _ when !FollowUpActions.MayActOn(User, followUp) => ActionLinkRefusal.Reassigned,
            _ => null,
        };
        if (Refusal is not null) return (link, null);

        Action = link!.Action;
        if (Action == LinkAction.Snooze) SnoozeUntil = await actions.QuickSnoozeUntilAsync(link.UserId, ct);
        return (link, followUp);
    }

    private PageResult Refused()
    {
        Response.StatusCode = Refusal switch
        {
            ActionLinkRefusal.Invalid or ActionLinkRefusal.Gone => StatusCodes.Status404NotFound,
            ActionLinkRefusal.Expired => StatusCodes.Status410Gone,
            ActionLinkRefusal.OtherUser or ActionLinkRefusal.Reassigned => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status409Conflict,
        };
        return Page();
    }
}
