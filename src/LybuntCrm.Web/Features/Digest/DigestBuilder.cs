using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Digest;

/// <summary>
/// Finds the managers whose digest is due and gathers what each one's says. Every list is one query across all the
/// recipients of a local date (nearly always one date per run), never a query per manager.
/// </summary>
public sealed class DigestBuilder(CrmDbContext db, IClock clock)
{
    public const int OccasionDays = 7;
    public const int ListCap = 20;
    /// <summary>Without an earlier digest, clients flagged in this many days count as newly flagged.</summary>
    public const int NewlyFlaggedDays = 7;

    /// <summary>
    /// Active account managers with the digest on, whose local hour has reached their digest hour and who have no digest for
    /// their local date; admins too while the team mailbox is failing, so that someone who can mend it hears of it.
    /// </summary>
    /// <remarks>
    /// With <paramref name="telegram"/> on, a manager who chose Telegram gets the list in their linked chat; one whose chat
    /// is not linked, or blocked the bot, gets it by email so that no day is missed.
    /// </remarks>
    public async Task<IReadOnlyList<DigestRecipient>> DueRecipientsAsync(bool telegram = false, CancellationToken ct = default)
    {
        string[] roles = await TeamMailboxFailingAsync(ct) ? [Roles.AccountManager, Roles.Admin] : [Roles.AccountManager];
        var managerRoleIds = db.Roles.Where(r => roles.Contains(r.Name!)).Select(r => r.Id);
        var users = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.DigestEnabled && u.Email != null
                        && db.UserRoles.Any(ur => ur.UserId == u.Id && managerRoleIds.Contains(ur.RoleId)))
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                u.Culture,
                u.UseSolarHijri,
                u.TimeZoneId,
                u.DigestHour,
                Chat = telegram && u.DigestDelivery != DigestDelivery.Email && u.TelegramBlockedAtUtc == null ? u.TelegramChatId : null,
                u.DigestDelivery,
            })
            .ToListAsync(ct);

        var now = clock.UtcNow;
        var candidates = users
            .Select(u => new
            {
                User = u,
                ByEmail = u.Chat is null || u.DigestDelivery == DigestDelivery.Both,
                LocalHour = TimeZoneInfo.ConvertTimeFromUtc(now, TimeZones.Find(u.TimeZoneId)).Hour,
                LocalDate = clock.TodayIn(u.TimeZoneId),
            })
            .Where(x => x.LocalHour >= x.User.DigestHour)
            .ToList();
        if (candidates.Count == 0) return [];

        var dates = candidates.Select(c => c.LocalDate).Distinct().ToList();
        var emails = candidates.Select(c => c.User.Email!).ToList();
        var chats = candidates.Where(c => c.User.Chat is not null).Select(c => ChatRecipient(c.User.Chat!.Value)).ToList();
        var existing = (await db.OutboundEmails.AsNoTracking()
                .Where(e => dates.Contains(e.ForDate)
                    && ((e.Kind == Outbox.DigestKind && emails.Contains(e.Recipient)) || (e.Kind == Telegram.TelegramDailyList.SummaryKind && chats.Contains(e.Recipient))))
                .Select(e => new { e.Recipient, e.ForDate })
                .ToListAsync(ct))
            .Select(e => (e.Recipient, e.ForDate))
            .ToHashSet();

        return candidates
            .Where(c => (c.ByEmail && !existing.Contains((c.User.Email!, c.LocalDate)))
                || (c.User.Chat is { } chat && !existing.Contains((ChatRecipient(chat), c.LocalDate))))
            .Select(c => new DigestRecipient(c.User.Id, c.User.Email!, c.User.DisplayName, c.User.Culture, c.User.TimeZoneId, c.LocalDate,
                c.User.UseSolarHijri, c.User.Chat, c.ByEmail))
            .ToList();
    }

    /// <summary>A chat id as the outbox's recipient column holds it.</summary>
    public static string ChatRecipient(long chatId) => chatId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Task<bool> TeamMailboxFailingAsync(CancellationToken ct) =>
        db.Mailboxes.AnyAsync(m => m.UserId == null && m.ConsecutiveFailures >= Mailbox.ConsecutiveFailuresReported, ct);

    public async Task<IReadOnlyList<DigestContent>> BuildAsync(IReadOnlyList<DigestRecipient> recipients, CancellationToken ct = default)
    {
        var result = new List<DigestContent>(recipients.Count);
        foreach (var group in recipients.GroupBy(r => r.LocalDate))
            result.AddRange(await BuildForDateAsync(group.Key, group.ToList(), ct));
        var houseCurrency = await db.GetSettingAsync(SettingKeys.HouseCurrency, ct);
        var phoneRegion = PhoneRegion.Read(await db.GetSettingAsync(SettingKeys.DefaultPhoneRegion, ct));
        var sections = await ViewSectionsAsync(recipients, ct);
        return result.Select(d => d with
        {
            HouseCurrency = string.IsNullOrEmpty(houseCurrency) ? null : houseCurrency,
            PhoneRegion = phoneRegion,
            View = sections.GetValueOrDefault(d.Recipient.UserId),
        }).ToList();
    }

    /// <summary>
    /// Each recipient's section from the view they chose: the view's search, filters and sort over their own clients only
    /// (whoever made the view), the first <see cref="ListCap"/> in order. One list query per recipient who chose a view,
    /// since each view is a different query.
    /// </summary>
    private async Task<Dictionary<string, ViewSection>> ViewSectionsAsync(IReadOnlyList<DigestRecipient> recipients, CancellationToken ct)
    {
        var ids = recipients.Select(r => r.UserId).ToList();
        var chosen = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.DigestViewId != null)
            .Select(u => new { u.Id, u.DigestViewId }).ToListAsync(ct);
        var sections = new Dictionary<string, ViewSection>();
        foreach (var user in chosen)
        {
            var view = await Clients.SavedViews.FindVisibleAsync(db, user.DigestViewId!.Value, user.Id, ct);
            if (view is null) continue;
            var page = await Clients.ClientList.LoadAsync(db, Clients.SavedViewQuery.ToListQuery(view.Query, ownerId: user.Id, pageSize: ListCap), ct);
            sections[user.Id] = new ViewSection(view.Id, view.Name, page.CappedCount, page.Rows.Select(r => (r.Id, r.Name)).ToList());
        }
        return sections;
    }

    private async Task<IEnumerable<DigestContent>> BuildForDateAsync(DateOnly date, List<DigestRecipient> recipients, CancellationToken ct)
    {
        var ids = recipients.Select(r => r.UserId).ToList();
        var emails = recipients.Select(r => r.Email).ToList();
        var occasionsUntil = date.AddDays(OccasionDays);

        var planned = await db.FollowUps.AsNoTracking()
            .Where(f => ids.Contains(f.AssigneeId) && f.Status == FollowUpStatus.Open && f.PlannedOn == date)
            .OrderBy(f => f.DueOn).ThenBy(f => f.Client!.Name)
            .Select(ClientTimeline.Select((FollowUp f) => f.Client!, (f, facts) => new
            {
                f.AssigneeId,
                f.Id,
                f.ClientId,
                ClientName = f.Client!.Name,
                f.Kind,
                Reason = new StoredReason(f.Reason, f.ReasonCode, f.ReasonArgs),
                f.DueOn,
                ClientChannel = f.Client.PreferredChannel,
                f.Client.PostalAddress,
                f.ContactId,
                facts.LastAttempt,
                facts.LastReached,
            }))
            .ToListAsync(ct);
        var contacts = await FollowUpContacts.LoadAsync(db, planned.Select(p => p.ClientId), ct);

        var overdue = await db.FollowUps.AsNoTracking()
            .Where(f => ids.Contains(f.AssigneeId) && f.Status == FollowUpStatus.Open && f.DueOn < date)
            .GroupBy(f => f.AssigneeId)
            .Select(g => new { AssigneeId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.AssigneeId, x => x.Count, ct);

        var occasions = await db.FollowUps.AsNoTracking()
            .Where(f => ids.Contains(f.AssigneeId) && f.Status == FollowUpStatus.Open && f.Kind == FollowUpKind.Occasion
                        && f.DueOn >= date && f.DueOn <= occasionsUntil)
            .OrderBy(f => f.DueOn).ThenBy(f => f.Client!.Name)
            .Select(f => new { f.AssigneeId, Item = new OccasionItem(f.Id, f.ClientId, f.Client!.Name, new StoredReason(f.Reason, f.ReasonCode, f.ReasonArgs), f.DueOn) })
            .ToListAsync(ct);

        var reviews = await db.FollowUps.AsNoTracking()
            .Where(f => ids.Contains(f.AssigneeId) && f.Status == FollowUpStatus.Open && f.Kind == FollowUpKind.ProspectReview && f.DueOn <= date)
            .OrderBy(f => f.DueOn).ThenBy(f => f.Client!.Name)
            .Select(f => new { f.AssigneeId, Item = new ReviewItem(f.ClientId, f.Client!.Name, new StoredReason(f.Reason, f.ReasonCode, f.ReasonArgs), f.DueOn) })
            .ToListAsync(ct);

        var handoffs = await db.Handoffs.AsNoTracking()
            .Where(h => ids.Contains(h.ToUserId) && h.AcknowledgedAtUtc == null)
            .OrderBy(h => h.CreatedAtUtc)
            .Select(h => new { h.ToUserId, Item = new HandoffItem(h.ClientId, h.Client!.Name, h.FromUser!.DisplayName, h.Note, h.CreatedAtUtc) })
            .ToListAsync(ct);

        // Newly flagged: since the manager's previous digest (that day included, so a flag set later that day is not missed),
        // or in the last week for a first digest.
        var previous = await db.OutboundEmails.AsNoTracking()
            .Where(e => e.Kind == Outbox.DigestKind && emails.Contains(e.Recipient) && e.ForDate < date)
            .GroupBy(e => e.Recipient)
            .Select(g => new { Recipient = g.Key, Last = g.Max(e => e.ForDate) })
            .ToDictionaryAsync(x => x.Recipient, x => x.Last, ct);
        var weekAgo = date.AddDays(-NewlyFlaggedDays + 1);
        DateOnly Since(DigestRecipient r) =>
            previous.TryGetValue(r.Email, out var last) && last > weekAgo ? last : weekAgo;
        var earliest = recipients.Min(Since);
        var flagged = await db.Clients.AsNoTracking()
            .Where(c => ids.Contains(c.OwnerId) && c.RetentionFlag == RetentionFlag.Lybunt
                        && c.FirstFlaggedOn >= earliest && c.FirstFlaggedOn <= date)
            .OrderByDescending(c => c.LastYearTotal).ThenBy(c => c.Name)
            .Select(c => new { c.OwnerId, c.Id, c.Name, c.LastYearTotal, FlaggedOn = c.FirstFlaggedOn!.Value })
            .ToListAsync(ct);

        // Mailboxes that failed too often in a row: the recipient's own, and the team's for the admins among them.
        var failing = await db.Mailboxes.AsNoTracking()
            .Where(m => m.ConsecutiveFailures >= Mailbox.ConsecutiveFailuresReported && (m.UserId == null || ids.Contains(m.UserId)))
            .OrderBy(m => m.Id)
            .Select(m => new { m.UserId, Alert = new MailboxAlert(m.UserId == null, m.ConsecutiveFailures, m.Problem) })
            .ToListAsync(ct);
        var adminRoleIds = db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id);
        var admins = failing.Any(m => m.UserId is null)
            ? (await db.UserRoles.Where(ur => ids.Contains(ur.UserId) && adminRoleIds.Contains(ur.RoleId)).Select(ur => ur.UserId).ToListAsync(ct)).ToHashSet()
            : [];

        var plannedBy = planned.ToLookup(p => p.AssigneeId);
        var occasionsBy = occasions.ToLookup(o => o.AssigneeId, o => o.Item);
        var reviewsBy = reviews.ToLookup(r => r.AssigneeId, r => r.Item);
        var handoffsBy = handoffs.ToLookup(h => h.ToUserId, h => h.Item);
        var flaggedBy = flagged.ToLookup(f => f.OwnerId);

        return recipients.Select(r =>
        {
            var since = Since(r);
            var mine = flaggedBy[r.UserId].Where(f => f.FlaggedOn >= since).ToList();
            return new DigestContent(
                r,
                plannedBy[r.UserId].Select(p =>
                {
                    var reach = contacts.ReachFor(p.ClientId, p.ContactId, p.ClientChannel, p.PostalAddress);
                    return new PlannedItem(p.Id, p.ClientId, p.ClientName, p.Kind, p.Reason, p.DueOn, reach,
                        contacts.For(p.ClientId, p.ContactId)?.Name, p.LastAttempt, p.LastReached);
                }).ToList(),
                overdue.GetValueOrDefault(r.UserId),
                occasionsBy[r.UserId].Take(ListCap).ToList(),
                occasionsBy[r.UserId].Count(),
                mine.Take(ListCap).Select(f => new FlaggedItem(f.Id, f.Name, f.LastYearTotal, f.FlaggedOn)).ToList(),
                mine.Count,
                mine.Sum(f => f.LastYearTotal),
                reviewsBy[r.UserId].Take(ListCap).ToList(),
                reviewsBy[r.UserId].Count(),
                handoffsBy[r.UserId].Take(ListCap).ToList(),
                handoffsBy[r.UserId].Count(),
                MailboxAlerts: failing.Where(m => m.UserId == r.UserId || (m.UserId is null && admins.Contains(r.UserId))).Select(m => m.Alert).ToList());
        });
    }
}
