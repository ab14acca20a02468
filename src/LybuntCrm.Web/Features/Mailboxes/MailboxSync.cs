using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>
/// Reads the new messages of a mailbox and logs those with clients as touches, through the change pipeline so that Today
/// moves at once. Incremental per folder (UIDVALIDITY and the last UID read); each batch of messages is written with its
/// folder position in one transaction, so a sync stopped at any point (server gone, process killed) resumes where it
/// stopped and never logs a message twice. Messages are streamed batch by batch, never held all at once.
/// </summary>
public sealed class MailboxSync(
    CrmDbContext db, ClientChanges changes, MessageMatcher matcher, DeliveryReports deliveryReports, MailboxPasswords passwords, IClock clock,
    IConfiguration configuration, ILogger<MailboxSync> logger)
{
    public const int BatchSize = 250;
    public const int DefaultLookbackDays = 365;
    /// <summary>Only the start of a message's text is read (the stored text is 500 characters): a 20 MB message costs 64 KB.</summary>
    private const int MaxTextBytes = 64 * 1024;

    /// <summary>What one sync did. <see cref="Ran"/> is false when another sync holds the mailbox.</summary>
    public sealed record Result(int MailboxId, bool Ran, int Read, int Matched, int Logged, MailboxProblem Problem = MailboxProblem.None, string? Detail = null);

    private sealed class Progress
    {
        public int Read;
        public int Matched;
        public int Logged;
    }

    /// <summary>Who is who while one mailbox is read: the users' addresses and zones, and whose touches these are.</summary>
    private sealed record People(IReadOnlyDictionary<string, string> UserByAddress, IReadOnlyDictionary<string, string> ZoneByUser, string? MailboxUserId);

    private int LookbackDays => Math.Clamp(configuration.GetValue("Mailboxes:LookbackDays", DefaultLookbackDays), 0, 3650);

    private TimeSpan Lease => TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Mailboxes:SyncLeaseSeconds", 120), 1, 3600));

    public async Task<IReadOnlyList<Result>> SyncAllAsync(CancellationToken ct)
    {
        var ids = await db.Mailboxes.AsNoTracking().OrderBy(m => m.Id).Select(m => m.Id).ToListAsync(ct);
        var results = new List<Result>();
        foreach (var id in ids) results.Add(await SyncAsync(id, ct));
        return results;
    }

    public async Task<Result> SyncAsync(int mailboxId, CancellationToken ct)
    {
        if (!await ClaimAsync(mailboxId, ct)) return new Result(mailboxId, false, 0, 0, 0);
        var progress = new Progress();
        try
        {
            var mailbox = await db.Mailboxes.AsNoTracking().Include(m => m.Folders).FirstAsync(m => m.Id == mailboxId, ct);
            var people = await PeopleAsync(mailbox, ct);
            var server = new MailboxServer(mailbox.Host, mailbox.Port, mailbox.Security, mailbox.UserName, passwords.Unprotect(mailbox.ProtectedPassword));
            using (var client = await server.ConnectAsync(ct))
            {
                foreach (var folder in mailbox.Folders.OrderBy(f => f.Id)) await SyncFolderAsync(client, mailbox, folder, people, progress, ct);
                await client.DisconnectAsync(true, ct);
            }
            var now = clock.UtcNow;
            await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LastAttemptAtUtc, now)
                .SetProperty(m => m.LastSuccessAtUtc, now)
                .SetProperty(m => m.LastMatched, progress.Matched)
                .SetProperty(m => m.Problem, MailboxProblem.None)
                .SetProperty(m => m.ProblemDetail, (string?)null)
                .SetProperty(m => m.ConsecutiveFailures, 0)
                .SetProperty(m => m.SyncLeaseUntilUtc, (DateTime?)null), ct);
            logger.LogInformation("Mailbox {MailboxId} synced: {Read} messages read, {Matched} with clients, {Logged} touches logged",
                mailboxId, progress.Read, progress.Matched, progress.Logged);
            return new Result(mailboxId, true, progress.Read, progress.Matched, progress.Logged);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not DbUpdateException)
        {
            var (problem, detail) = MailboxProblems.Classify(e);
            db.ChangeTracker.Clear();
            var now = clock.UtcNow;
            await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LastAttemptAtUtc, now)
                .SetProperty(m => m.Problem, problem)
                .SetProperty(m => m.ProblemDetail, detail)
                .SetProperty(m => m.ConsecutiveFailures, m => m.ConsecutiveFailures + 1)
                .SetProperty(m => m.SyncLeaseUntilUtc, (DateTime?)null), CancellationToken.None);
            // The exception's message only: it never holds the password, and the stack adds nothing for a server problem.
            logger.LogWarning("Mailbox {MailboxId} sync failed: {Problem} ({Error}: {Message})", mailboxId, problem, e.GetType().Name,
                e.Message);
            return new Result(mailboxId, true, progress.Read, progress.Matched, progress.Logged, problem, detail);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Takes the mailbox for this sync unless another one holds it (across app instances: one UPDATE).</summary>
    private async Task<bool> ClaimAsync(int mailboxId, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var until = now + Lease;
        return await db.Mailboxes
            .Where(m => m.Id == mailboxId && (m.SyncLeaseUntilUtc == null || m.SyncLeaseUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SyncLeaseUntilUtc, until), ct) == 1;
    }

    private async Task<People> PeopleAsync(Mailbox mailbox, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.Email, u.TimeZoneId }).ToListAsync(ct);
        var byAddress = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            if (EmailAddresses.Normalize(user.Email) is { } address) byAddress.TryAdd(address, user.Id);
        }
        // The mailbox's own address is its manager's, even when it differs from the address they sign in with.
        if (mailbox.UserId is not null && EmailAddresses.Normalize(mailbox.UserName) is { } own) byAddress.TryAdd(own, mailbox.UserId);
        return new People(byAddress, users.ToDictionary(u => u.Id, u => u.TimeZoneId), mailbox.UserId);
    }

    private async Task SyncFolderAsync(ImapClient client, Mailbox mailbox, MailboxFolder state, People people, Progress progress, CancellationToken ct)
    {
        var folder = await client.GetFolderAsync(state.Name, ct);
        await folder.OpenAsync(FolderAccess.ReadOnly, ct);
        var uidValidity = (long)folder.UidValidity;
        // A new UIDVALIDITY means the server numbered the folder afresh: read it again; message keys prevent duplicates.
        var lastUid = state.UidValidity == uidValidity ? state.LastUid : 0;
        var uidNext = folder.UidNext?.Id;
        IList<UniqueId> found = lastUid == 0
            ? await folder.SearchAsync(SearchQuery.DeliveredAfter(clock.Today.AddDays(-LookbackDays).ToDateTime(TimeOnly.MinValue)), ct)
            : await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId(folder.UidValidity, (uint)lastUid + 1), UniqueId.MaxValue)), ct);
        var fresh = found.Where(u => u.Id > lastUid).OrderBy(u => u.Id).ToList();
        foreach (var batch in fresh.Chunk(BatchSize))
        {
            await SyncBatchAsync(folder, mailbox, batch, people, progress, ct);
            lastUid = batch[^1].Id;
            await SavePositionAsync(state.Id, uidValidity, lastUid, ct);
        }
        // Everything numbered before UIDNEXT was in the search: the messages not read there are older than the look-back.
        var seen = uidNext is { } next ? Math.Max(lastUid, (long)next - 1) : lastUid;
        if (seen != state.LastUid || uidValidity != state.UidValidity) await SavePositionAsync(state.Id, uidValidity, seen, ct);
        await folder.CloseAsync(false, ct);
    }

    /// <summary>A message with clients, and the manager who forwarded it to the team mailbox when it came that way.</summary>
    private sealed record Found(SyncedMessage Message, IReadOnlyList<MessageMatcher.Match> Clients, string? ForwardedBy = null);

    private async Task SyncBatchAsync(IMailFolder folder, Mailbox mailbox, UniqueId[] uids, People people, Progress progress, CancellationToken ct)
    {
        var request = new FetchRequest(MessageSummaryItems.UniqueId) { Headers = new HeaderSet(SyncedMessage.Headers) };
        request.Headers.Add(SyncedMessage.AutoSubmitted);
        var messages = new List<SyncedMessage>();
        var reports = new List<SyncedMessage>();
        foreach (var summary in await folder.FetchAsync(uids, request, ct))
        {
            progress.Read++;
            if (summary.Headers is null) continue;
            var message = SyncedMessage.Read(summary.UniqueId, summary.Headers);
            if (message.IsDeliveryReport)
            {
                reports.Add(message);
                continue;
            }
            if (message.IsBulk || !message.Addresses.Any()) continue;
            // Internal mail: everyone on it is one of us.
            if (message.Addresses.All(people.UserByAddress.ContainsKey)) continue;
            messages.Add(message);
        }
        // Bounces are read in every mailbox: the team's gets the app's, a manager's those of mail sent through their own server.
        if (reports.Count > 0) await deliveryReports.ReadAsync(folder, reports, ct);
        if (messages.Count == 0) return;
        var matches = await matcher.MatchAsync(messages, ct);
        var found = matches.Select(m => new Found(m.Key, m.Value)).ToList();
        var texts = await TextsAsync(folder, found.Select(f => f.Message.Uid).ToList(), ct);
        if (people.MailboxUserId is null)
        {
            // The team mailbox: a manager's forward of a client's message is logged as that message, for that manager.
            var forwards = messages.Where(m => !matches.ContainsKey(m) && m.From.Any(people.UserByAddress.ContainsKey)).ToList();
            if (forwards.Count > 0) found.AddRange(await ForwardedAsync(folder, forwards, people, texts, ct));
        }
        if (found.Count == 0) return;
        progress.Matched += found.Count;

        var owners = await OwnersAsync(found.SelectMany(f => f.Clients).Select(m => m.ClientId).Distinct().ToList(), ct);
        var now = clock.UtcNow;
        var touches = new List<Touchpoint>();
        foreach (var (message, clients, forwardedBy) in found)
        {
            foreach (var match in clients)
            {
                if (!owners.TryGetValue(match.ClientId, out var ownerId)) continue;
                var userId = forwardedBy ?? UserOf(message, match, people) ?? ownerId;
                touches.Add(new Touchpoint
                {
                    ClientId = match.ClientId,
                    ContactId = match.ContactId,
                    UserId = userId,
                    OccurredOn = OccurredOn(message, people.ZoneByUser.GetValueOrDefault(userId)),
                    CreatedAtUtc = now,
                    Channel = Channel.Email,
                    Direction = match.Direction,
                    // An email sent is an attempt; one received means the client was reached.
                    Outcome = match.Direction == Direction.Inbound ? TouchpointOutcome.Reached : TouchpointOutcome.Other,
                    Subject = message.Subject.Length == 0 ? null : message.Subject,
                    Summary = texts.GetValueOrDefault(message.Uid),
                    Source = TouchpointSource.Mailbox,
                    MessageKey = message.Key,
                });
            }
        }
        progress.Logged += await LogNewAsync(mailbox.Id, touches, ct);
    }

    /// <summary>
    /// Forwards from managers: a message attached whole (its envelope comes with the structure), or one forwarded in the
    /// text (its sender read from the quoted header block).
    /// </summary>
    private async Task<List<Found>> ForwardedAsync(IMailFolder folder, List<SyncedMessage> forwards, People people,
        Dictionary<UniqueId, string?> texts, CancellationToken ct)
    {
        var byUid = forwards.ToDictionary(f => f.Uid);
        var inner = new List<(SyncedMessage Message, string ForwardedBy)>();
        foreach (var summary in await folder.FetchAsync(byUid.Keys.ToList(), new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.BodyStructure), ct))
        {
            var outer = byUid[summary.UniqueId];
            var forwardedBy = outer.From.Select(a => people.UserByAddress.GetValueOrDefault(a)).First(id => id is not null)!;
            if (AttachedMessage(summary.Body) is { Envelope: { } envelope } attached)
            {
                inner.Add((SyncedMessage.FromEnvelope(summary.UniqueId, envelope), forwardedBy));
                if (TextPartOf(attached.Body) is { } part)
                {
                    // The text of an attached message of one part is at its TEXT, as for a whole message.
                    var section = ReferenceEquals(part, attached.Body) ? attached.PartSpecifier + ".TEXT" : null;
                    texts[summary.UniqueId] = MessageText.Shorten(await PartTextAsync(folder, summary.UniqueId, part, ct, section) ?? "");
                }
            }
            else if ((summary.TextBody ?? summary.HtmlBody) is { } part
                && await PartTextAsync(folder, summary.UniqueId, part, ct) is { } text
                && ForwardedMail.SenderOf(text) is { } sender)
            {
                inner.Add((outer.ForwardedFrom(sender), forwardedBy));
                texts[summary.UniqueId] = MessageText.Shorten(text);
            }
        }
        if (inner.Count == 0) return [];
        var matches = await matcher.MatchAsync(inner.Select(i => i.Message).ToList(), ct);
        return inner.Where(i => matches.ContainsKey(i.Message)).Select(i => new Found(i.Message, matches[i.Message], i.ForwardedBy)).ToList();
    }

    private static BodyPartMessage? AttachedMessage(BodyPart? part) => part switch
    {
        BodyPartMessage message => message,
        BodyPartMultipart multipart => multipart.BodyParts.Select(AttachedMessage).FirstOrDefault(m => m is not null),
        _ => null,
    };

    private static BodyPartText? TextPartOf(BodyPart? part) => part switch
    {
        BodyPartText text when !text.IsAttachment => text,
        BodyPartMultipart multipart => multipart.BodyParts.Select(TextPartOf).FirstOrDefault(t => t is not null),
        _ => null,
    };

    /// <summary>The manager a message was between: the mailbox's own, or on the team mailbox the user who sent or received it.</summary>
    private static string? UserOf(SyncedMessage message, MessageMatcher.Match match, People people)
    {
        if (people.MailboxUserId is not null) return people.MailboxUserId;
        var side = match.Direction == Direction.Inbound ? message.Recipients : message.From;
        return side.Select(a => people.UserByAddress.GetValueOrDefault(a)).FirstOrDefault(id => id is not null);
    }

    /// <summary>The day the message was written in its manager's zone; the sync's day when it has no date or one in the future.</summary>
    private DateOnly OccurredOn(SyncedMessage message, string? zoneId)
    {
        var today = clock.TodayIn(zoneId ?? "UTC");
        if (message.Date is not { } date) return today;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(date, TimeZones.Find(zoneId)).DateTime);
        return day > today ? today : day;
    }

    /// <summary>Writes the touches not logged before (nor deleted by a manager), with their effects, in one transaction.</summary>
    private async Task<int> LogNewAsync(int mailboxId, List<Touchpoint> touches, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.InTransactionAsync(async () =>
                {
                    var clientIds = touches.Select(t => t.ClientId).Distinct().ToList();
                    var keys = touches.Select(t => t.MessageKey!).Distinct().ToList();
                    var known = (await db.Touchpoints.AsNoTracking()
                            .Where(t => clientIds.Contains(t.ClientId) && t.MessageKey != null && keys.Contains(t.MessageKey))
                            .Select(t => new { t.ClientId, Key = t.MessageKey! }).ToListAsync(ct))
                        .Concat(await db.RemovedSyncedMessages.AsNoTracking()
                            .Where(r => clientIds.Contains(r.ClientId) && keys.Contains(r.MessageKey))
                            .Select(r => new { r.ClientId, Key = r.MessageKey }).ToListAsync(ct))
                        .Select(k => (k.ClientId, k.Key)).ToHashSet();
                    var fresh = touches.Where(t => known.Add((t.ClientId, t.MessageKey!))).ToList();
                    await changes.TouchesLoggedAsync(fresh, ct);
                    await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.TotalMatched, m => m.TotalMatched + fresh.Count)
                        .SetProperty(m => m.SyncLeaseUntilUtc, clock.UtcNow + Lease), ct);
                    return fresh.Count;
                }, ct);
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // Another mailbox logged the same message meanwhile: the second attempt sees it and skips it.
                db.ChangeTracker.Clear();
                foreach (var touch in touches) touch.Id = 0;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private Task SavePositionAsync(int folderId, long uidValidity, long lastUid, CancellationToken ct) =>
        db.MailboxFolders.Where(f => f.Id == folderId).ExecuteUpdateAsync(s => s
            .SetProperty(f => f.UidValidity, uidValidity)
            .SetProperty(f => f.LastUid, lastUid), ct);

    private async Task<Dictionary<int, string>> OwnersAsync(List<int> clientIds, CancellationToken ct) =>
        await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.OwnerId, ct);

    /// <summary>The start of each message's text, read from its text part (or HTML part) only: attachments are never fetched.</summary>
    private static async Task<Dictionary<UniqueId, string?>> TextsAsync(IMailFolder folder, IList<UniqueId> uids, CancellationToken ct)
    {
        var texts = new Dictionary<UniqueId, string?>();
        if (uids.Count == 0) return texts;
        foreach (var summary in await folder.FetchAsync(uids, new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.BodyStructure), ct))
        {
            if ((summary.TextBody ?? summary.HtmlBody) is { } part && await PartTextAsync(folder, summary.UniqueId, part, ct) is { } text)
                texts[summary.UniqueId] = MessageText.Shorten(text);
        }
        return texts;
    }

    /// <summary>The plain text of a part, from its first 64 KB; null when the server cannot give it (a malformed structure).</summary>
    private static async Task<string?> PartTextAsync(IMailFolder folder, UniqueId uid, BodyPartBasic part, CancellationToken ct, string? section = null)
    {
        try
        {
            using var raw = new MemoryStream();
            // A message of one part has its text at TEXT (its part specifier is empty, which would be the whole message).
            section ??= string.IsNullOrEmpty(part.PartSpecifier) ? "TEXT" : part.PartSpecifier;
            await using (var stream = await folder.GetStreamAsync(uid, section, 0, MaxTextBytes, ct))
                await stream.CopyToAsync(raw, ct);
            raw.Position = 0;
            var text = new TextPart(part.ContentType.MediaSubtype);
            if (part.ContentType.Charset is { } charset) text.ContentType.Charset = charset;
            if (!string.IsNullOrEmpty(part.ContentTransferEncoding)) text.Headers[HeaderId.ContentTransferEncoding] = part.ContentTransferEncoding;
            text.Content = new MimeContent(raw, text.ContentTransferEncoding);
            return MessageText.PlainText(text);
        }
        catch (Exception e) when (e is ImapCommandException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
