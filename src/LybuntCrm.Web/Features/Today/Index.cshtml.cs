using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Jobs;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Today;

/// <summary>The home page: whom to contact today, how and why, levelled to the manager's daily capacity.</summary>
public sealed class IndexModel(CrmDbContext db, IClock clock, Audit audit, ClientChanges changes, FollowUpActions actions, FollowUpUndos undos,
    IStringLocalizer<SharedResource> T, DisplayFormat F) : PageModel
{
    public const int UpcomingDays = 7;
    public const int MaxSnoozeDays = 365;

    public sealed record Item(int Id, int ClientId, string ClientName, FollowUpKind Kind, StoredReason Reason, DateOnly DueOn,
        DateOnly PlannedOn, FollowUpStatus Status, Channel PreferredChannel, DateOnly? LastAttemptOn, DateOnly? LastReachedOn, int? ContactId,
        string? PostalAddress)
    {
        public string? ContactName { get; set; }
        /// <summary>Some contact of the client has an email: the item offers to write to them.</summary>
        public bool CanWrite { get; set; }
        public Reach Reach { get; set; } = Reach.Of(PreferredChannel, null, null, PostalAddress);
        public string? Phone => Reach.Phone;
        public string? Email => Reach.Email;
        public Channel Channel => Reach.Channel;
    }

    public sealed record UserOption(string Id, string Name);

    /// <summary>Contact work already due when it was planned, spread over the coming working days: cleared by the last planned day.</summary>
    public sealed record CatchUpPlan(int Clients, DateOnly ClearedBy);

    public sealed class DoneInput
    {
        public Channel Channel { get; set; }
        public Direction Direction { get; set; } = Direction.Outbound;
        public TouchpointOutcome Outcome { get; set; } = TouchpointOutcome.Reached;
        public string? Summary { get; set; }
    }

    public string ViewedUserId { get; private set; } = "";
    public string ViewedUserName { get; private set; } = "";
    public bool IsOwnList { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<Item> TodayItems { get; private set; } = [];
    public IReadOnlyList<Item> Upcoming { get; private set; } = [];
    public IReadOnlyList<UserOption> Users { get; private set; } = [];
    public CatchUpPlan? CatchUp { get; private set; }

    /// <summary>False when the viewed manager owns no client yet: the empty list then says how clients arrive.</summary>
    public bool HasClients { get; private set; } = true;

    /// <summary>Planned on an earlier day and not done: the only work called overdue.</summary>
    public int DaysOverdue(Item item) => Math.Max(0, Today.DayNumber - item.PlannedOn.DayNumber);

    /// <summary>The item whose form failed validation, the action that failed and its messages.</summary>
    public int? ErrorItemId { get; private set; }
    public string? ErrorAction { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The item whose full forms (a touch with a note, snooze, dismiss, reassign) are shown: rows stay compact.</summary>
    public int? OpenItemId { get; private set; }

    public bool IsExpanded(int id) => id == OpenItemId || id == ErrorItemId;

    public async Task<IActionResult> OnGetAsync(string? user, int? open, CancellationToken ct)
    {
        OpenItemId = open;
        if (!await LoadAsync(user, ct)) return user is not null && !User.IsAdmin() ? StatusCode(StatusCodes.Status403Forbidden) : NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostDoneAsync(int id, DoneInput done, string? user, CancellationToken ct)
    {
        var followUp = await db.FollowUps.Include(f => f.Client).FirstOrDefaultAsync(f => f.Id == id, ct);
        if (Check(followUp) is { } refused) return refused;
        var summary = TextInput.Clean(done.Summary, multiline: true)?.Trim();
        if (!Enum.IsDefined(done.Channel)) Errors["Channel"] = T["Choose how you were in touch."];
        if (!Enum.IsDefined(done.Outcome)) Errors["Outcome"] = T["Choose the outcome."];
        if (!Enum.IsDefined(done.Direction)) Errors["Direction"] = T["Choose who reached out."];
        if (summary is { Length: > 4000 }) Errors["Summary"] = T["Keep the note under 4,000 characters."];
        if (Errors.Count > 0) return await RedisplayAsync(id, "Done", user, ct);

        var (outcome, token) = await undos.RecordAsync(followUp!, FollowUpUndoAction.Done, User.Id(),
            () => actions.LogTouchAsync(followUp!, User.Id(), done.Outcome, done.Channel, done.Direction, summary, ct), ct);
        TempData["Flash"] = TouchMessages.For(T, F, followUp!.Client!.Name, outcome);
        TempData[UndoTokenKey] = token;
        return BackToList(user);
    }

    public async Task<IActionResult> OnPostSnoozeAsync(int id, DateOnly? until, string? user, CancellationToken ct)
    {
        var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (Check(followUp) is { } refused) return refused;
        var today = clock.Today;
        if (until is null) Errors["Until"] = T["Choose the day to come back to it."];
        else if (until <= today) Errors["Until"] = T["Choose a day after today."];
        else if (until > today.AddDays(MaxSnoozeDays)) Errors["Until"] = T["Choose a day within a year."];
        if (Errors.Count > 0) return await RedisplayAsync(id, "Snooze", user, ct);

        var (_, token) = await undos.RecordAsync(followUp!, FollowUpUndoAction.Snooze, User.Id(),
            async () => { await actions.SnoozeAsync(followUp!, until!.Value, ct); return 0; }, ct);
        TempData["Flash"] = T["Snoozed until {0}.", F.Date(until!.Value)].Value;
        TempData[UndoTokenKey] = token;
        return BackToList(user);
    }

    public async Task<IActionResult> OnPostDismissAsync(int id, string? reason, string? user, CancellationToken ct)
    {
        var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (Check(followUp) is { } refused) return refused;
        reason = TextInput.Clean(reason)?.Trim();
        if (string.IsNullOrWhiteSpace(reason)) Errors["Reason"] = T["Say why this follow-up is dismissed."];
        else if (reason.Length > 500) Errors["Reason"] = T["Keep the reason under 500 characters."];
        if (Errors.Count > 0) return await RedisplayAsync(id, "Dismiss", user, ct);

        var (_, token) = await undos.RecordAsync(followUp!, FollowUpUndoAction.Dismiss, User.Id(), async () =>
        {
            followUp!.Status = FollowUpStatus.Dismissed;
            followUp.ClosedReason = reason;
            followUp.ClosedAtUtc = clock.UtcNow;
            audit.Record("followup.dismissed", "FollowUp", followUp.Id);
            await db.SaveChangesAsync(ct);
            // A dismissed win-back gives the routine check-in back, at once.
            await changes.ClientChangedAsync(followUp.ClientId, ct);
            return 0;
        }, ct);
        TempData["Flash"] = T["Dismissed."].Value;
        TempData[UndoTokenKey] = token;
        return BackToList(user);
    }

    /// <summary>The Undo token of the action just taken, shown for a few seconds beside its message.</summary>
    public const string UndoTokenKey = "UndoToken";

    /// <summary>How long the Undo button stays beside the message (the server accepts it for <see cref="FollowUpUndo.Window"/>).</summary>
    public const int UndoSeconds = 10;

    public async Task<IActionResult> OnPostUndoAsync(string? token, string? user, CancellationToken ct)
    {
        TempData["Flash"] = FollowUpUndoText.Describe(await undos.UndoAsync(token, User, ct), T, F);
        return BackToList(user);
    }

    public async Task<IActionResult> OnPostReassignAsync(int id, string? assigneeId, string? user, CancellationToken ct)
    {
        if (!User.IsAdmin()) return StatusCode(StatusCodes.Status403Forbidden);
        var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (Check(followUp) is { } refused) return refused;
        var target = string.IsNullOrEmpty(assigneeId) ? null
            : await db.Users.Where(u => u.Id == assigneeId && u.IsActive).Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct);
        if (target is null)
        {
            Errors["AssigneeId"] = T["Choose an active user."];
            return await RedisplayAsync(id, "Reassign", user, ct);
        }
        var from = followUp!.AssigneeId;
        followUp.AssigneeId = target.Id;
        audit.Record("followup.reassigned", "FollowUp", followUp.Id, $"from={from} to={target.Id}");
        await db.SaveChangesAsync(ct);
        await db.InTransactionAsync(() => FollowUpPlanning.LevelAsync(db, clock, [from, target.Id], ct), ct);
        TempData["Flash"] = T["Reassigned to {0}.", target.DisplayName].Value;
        return BackToList(user);
    }

    public async Task<IActionResult> OnPostRunSchedulingAsync(string? user, [FromServices] JobRunner runner, CancellationToken ct)
    {
        if (!User.IsAdmin()) return StatusCode(StatusCodes.Status403Forbidden);
        await runner.RunAsync(OccasionScheduleJob.JobId, ct);
        await runner.RunAsync(CheckInScheduleJob.JobId, ct);
        await audit.RecordNowAsync("jobs.run", detail: $"{OccasionScheduleJob.JobId},{CheckInScheduleJob.JobId}");
        TempData["Flash"] = T["Scheduling finished: check-ins and occasions are up to date."].Value;
        return BackToList(user);
    }

    private IActionResult? Check(FollowUp? followUp)
    {
        if (followUp is null) return NotFound();
        if (!FollowUpActions.MayActOn(User, followUp)) return StatusCode(StatusCodes.Status403Forbidden);
        if (FollowUpActions.IsClosed(followUp))
        {
            TempData["Flash"] = T["That follow-up was already closed."].Value;
            return RedirectToPage();
        }
        return null;
    }

    private IActionResult BackToList(string? user) =>
        User.IsAdmin() && !string.IsNullOrEmpty(user) ? RedirectToPage(new { user }) : RedirectToPage();

    private async Task<IActionResult> RedisplayAsync(int id, string action, string? user, CancellationToken ct)
    {
        ErrorItemId = id;
        ErrorAction = action;
        foreach (var (key, message) in Errors) ModelState.AddModelError(key, message);
        if (!await LoadAsync(user, ct)) return NotFound();
        return Page();
    }

    private async Task<bool> LoadAsync(string? user, CancellationToken ct)
    {
        var me = User.Id();
        var viewed = string.IsNullOrEmpty(user) ? me : user;
        if (viewed != me && !User.IsAdmin()) return false;
        var person = await db.Users.AsNoTracking().Where(u => u.Id == viewed)
            .Select(u => new { u.Id, u.DisplayName, u.TimeZoneId }).FirstOrDefaultAsync(ct);
        if (person is null) return false;
        ViewedUserId = person.Id;
        ViewedUserName = person.DisplayName;
        IsOwnList = person.Id == me;
        Today = clock.TodayIn(person.TimeZoneId);
        var until = Today.AddDays(UpcomingDays);

        var items = await db.FollowUps.AsNoTracking()
            .Where(f => f.AssigneeId == viewed && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed) && f.PlannedOn <= until)
            .OrderBy(f => f.PlannedOn).ThenBy(f => f.DueOn).ThenBy(f => f.Id)
            .Select(ClientTimeline.Select((FollowUp f) => f.Client!, (f, facts) => new Item(f.Id, f.ClientId, f.Client!.Name, f.Kind,
                new StoredReason(f.Reason, f.ReasonCode, f.ReasonArgs), f.DueOn, f.PlannedOn, f.Status, f.Client.PreferredChannel,
                facts.LastAttempt, facts.LastReached, f.ContactId, f.Client.PostalAddress)))
            .ToListAsync(ct);

        var contacts = await FollowUpContacts.LoadAsync(db, items.Select(i => i.ClientId), ct);
        foreach (var item in items)
        {
            item.ContactName = contacts.For(item.ClientId, item.ContactId)?.Name;
            item.CanWrite = contacts.AnyEmail(item.ClientId);
            item.Reach = contacts.ReachFor(item.ClientId, item.ContactId, item.PreferredChannel, item.PostalAddress);
        }

        // Today's list: work missed on earlier days first (oldest first), then today's in planning order.
        TodayItems = items.Where(i => i.PlannedOn <= Today)
            .OrderBy(i => i.PlannedOn < Today ? i.PlannedOn : DateOnly.MaxValue)
            .ThenBy(i => FollowUpPlanning.PriorityOf(i.Kind)).ThenBy(i => i.DueOn).ThenBy(i => i.Id).ToList();
        Upcoming = items.Where(i => i.PlannedOn > Today).ToList();

        // The backlog (contact work already due, planned over the coming days): one line instead of a wall of "overdue".
        var today = Today;
        var backlog = await db.FollowUps.AsNoTracking()
            .Where(f => f.AssigneeId == viewed && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed)
                && (f.Kind == FollowUpKind.CheckIn || f.Kind == FollowUpKind.WinBack) && f.DueOn < today && f.PlannedOn >= today)
            .GroupBy(f => 1).Select(g => new { Count = g.Count(), Until = g.Max(f => f.PlannedOn) }).FirstOrDefaultAsync(ct);
        if (backlog is not null) CatchUp = new CatchUpPlan(backlog.Count, backlog.Until);
        if (items.Count == 0) HasClients = await db.Clients.AnyAsync(c => c.OwnerId == viewed, ct);

        if (User.IsAdmin())
        {
            Users = await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.DisplayName)
                .Select(u => new UserOption(u.Id, u.DisplayName)).ToListAsync(ct);
        }
        return true;
    }
}
