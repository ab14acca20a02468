using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Mailboxes;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Email;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Messages;

/// <summary>
/// Messages a manager writes to a client: the draft prefilled from the template for the follow-up's purpose, in the
/// contact's language, and the one way such a message is sent — written to the outbox and logged as an outbound email
/// touch in one transaction, once per composer form.
/// </summary>
public sealed partial class ClientMessages(CrmDbContext db, TemplateLibrary library, TemplateRenderer renderer, Outbox outbox,
    ClientChanges changes, Audit audit, IClock clock, IStringLocalizer<SharedResource> t)
{
    public const int DefaultDailyLimit = 200;
    public const string KindPrefix = "write:";
    public const int SubjectMaxLength = 300;
    public const int BodyMaxLength = 10_000;

    private sealed record Manager(string Id, string DisplayName, string? Email, string Culture, bool UseSolarHijri, string TimeZoneId);

    private sealed record ClientRow(string Name, bool DoNotContact, DateOnly? LastPurchaseOn, decimal? LastPurchaseAmount, string? LastPurchaseCurrency);

    private sealed record FollowUpFacts(int Id, FollowUpKind Kind, string SourceKey, int? ContactId, DateOnly DueOn, string? ReasonCode, string? ReasonArgs);

    /// <summary>A fresh token for a composer form: 16 random bytes, URL-safe, so "write:" and it fit the outbox kind (32 characters).</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool IsToken(string? token) => token is not null && TokenPattern().IsMatch(token);

    [GeneratedRegex("^[A-Za-z0-9_-]{22}$")]
    private static partial Regex TokenPattern();

    /// <summary>The most messages one manager may send in a day (their own day), an admin setting.</summary>
    public async Task<int> DailyLimitAsync(CancellationToken ct) =>
        Math.Max(1, await db.GetIntSettingAsync(SettingKeys.MessagesPerManagerPerDay, DefaultDailyLimit, ct));

    /// <summary>
    /// The composer's draft for a client (null when there is no such client). Unset choices default: the contact to the
    /// follow-up's, else the primary, else the first with an email; the purpose to the follow-up's; the language to the
    /// contact's, else the manager's.
    /// </summary>
    public async Task<MessageDraft?> DraftAsync(string userId, int clientId, int? followUpId, int? contactId, TemplateKind? kind, string? language,
        CancellationToken ct)
    {
        var client = await ClientAsync(clientId, ct);
        if (client is null) return null;
        var manager = await ManagerAsync(userId, ct);
        var followUp = await FollowUpAsync(clientId, followUpId, ct);
        var recipients = await RecipientsAsync(clientId, ct);
        var withEmail = recipients.Where(r => r.HasEmail).ToList();
        var recipient = withEmail.FirstOrDefault(r => r.Id == contactId)
            ?? withEmail.FirstOrDefault(r => r.Id == followUp?.ContactId)
            ?? withEmail.FirstOrDefault(r => r.IsPrimary)
            ?? withEmail.FirstOrDefault();
        var purpose = kind is { } k && Enum.IsDefined(k) ? k
            : followUp is not null ? TemplateLibrary.KindFor(followUp.Kind, followUp.SourceKey)
            : TemplateKind.CheckIn;
        var lang = CultureScope.IsSupported(language) ? language!.ToLowerInvariant()
            : CultureScope.IsSupported(recipient?.Language) ? recipient!.Language!
            : TemplateLibrary.LanguageOrEnglish(manager.Culture);

        var wording = await library.GetAsync(purpose, lang, ct);
        var values = Values(client, recipient, manager, followUp, lang);
        var (subject, body) = renderer.Render(wording.Subject, wording.Body, values);
        return new MessageDraft(clientId, client.Name, client.DoNotContact, followUp?.Id, withEmail, recipient, purpose, lang, subject, body);
    }

    /// <summary>
    /// Sends a message: refused when the client must not be contacted, the contact has no usable or a bouncing address,
    /// or the manager has reached the daily limit; otherwise written to the outbox and logged as an outbound email touch
    /// (an attempt, answering the follow-up) in one transaction. The same form sent again sends nothing.
    /// </summary>
    public async Task<SendResult> SendAsync(string userId, OutgoingMessage message, CancellationToken ct)
    {
        var client = await ClientAsync(message.ClientId, ct);
        if (client is null) return new SendResult(SendOutcome.NotFound);
        var manager = await ManagerAsync(userId, ct);
        var kind = KindPrefix + message.Token;
        if (await AlreadySentAsync(userId, kind, ct)) return new SendResult(SendOutcome.AlreadySent);
        if (client.DoNotContact) return new SendResult(SendOutcome.DoNotContact);
        var recipient = (await RecipientsAsync(message.ClientId, ct)).FirstOrDefault(r => r.Id == message.ContactId);
        if (recipient is not { HasEmail: true }) return new SendResult(SendOutcome.NoEmail);
        if (recipient.HasBounced) return new SendResult(SendOutcome.Bounced);
        var limit = await DailyLimitAsync(ct);
        var today = clock.TodayIn(manager.TimeZoneId);
        if (await SentOnAsync(userId, today, ct) >= limit) return new SendResult(SendOutcome.DailyLimit, Limit: limit);
        var followUp = await FollowUpAsync(message.ClientId, message.FollowUpId, ct);
        var language = TemplateLibrary.LanguageOrEnglish(message.Language);

        return await db.InTransactionAsync(async () =>
        {
            var messageId = await outbox.EnqueueWrittenAsync(new ClientEmail(recipient.Email!, recipient.Name, kind, today, message.Subject,
                MessageHtml.FromText(message.Body, language), message.Body, userId, manager.Email, message.ClientId, recipient.Id, followUp?.Id), ct);
            // Another press of the same form got here first (the unique recipient, kind and date): nothing more to do.
            if (messageId is null) return new SendResult(SendOutcome.AlreadySent);
            var touch = new Touchpoint
            {
                ClientId = message.ClientId,
                ContactId = recipient.Id,
                UserId = userId,
                OccurredOn = clock.Today,
                CreatedAtUtc = clock.UtcNow,
                Channel = Channel.Email,
                Direction = Direction.Outbound,
                // An email sent is an attempt, as when mailbox sync finds it; the client's reply makes them reached.
                Outcome = TouchpointOutcome.Other,
                Subject = MailAddressRules.CleanHeaderText(message.Subject, SubjectMaxLength),
                Summary = MessageText.Shorten(message.Body),
                // The key a later sync of the Sent folder (or the team mailbox) gives this message, so it is not logged twice.
                MessageKey = SyncedMessage.KeyForMessageId(messageId),
            };
            var outcome = await changes.TouchLoggedAsync(touch, followUp?.Id, ct);
            audit.Record("message.sent", nameof(Client), message.ClientId,
                string.Create(CultureInfo.InvariantCulture, $"contact={recipient.Id} kind={message.Kind} language={language} followup={followUp?.Id}"));
            await db.SaveChangesAsync(ct);
            return new SendResult(SendOutcome.Sent, messageId, outcome);
        }, ct);
    }

    private Task<bool> AlreadySentAsync(string userId, string kind, CancellationToken ct) =>
        db.OutboundEmails.AnyAsync(e => e.SentByUserId == userId && e.Kind == kind, ct);

    /// <summary>How many messages the manager wrote on their day <paramref name="day"/> (the recent rows of the manager's index).</summary>
    private Task<int> SentOnAsync(string userId, DateOnly day, CancellationToken ct)
    {
        var since = clock.UtcNow.AddDays(-2);
        return db.OutboundEmails.CountAsync(e => e.SentByUserId == userId && e.CreatedAtUtc >= since && e.ForDate == day, ct);
    }

    private Task<ClientRow?> ClientAsync(int clientId, CancellationToken ct) =>
        db.Clients.AsNoTracking().Where(c => c.Id == clientId)
            .Select(c => new
            {
                c.Name,
                c.DoNotContact,
                Last = c.Purchases.Where(p => p.Status == PurchaseStatus.Completed).OrderByDescending(p => p.Date).ThenByDescending(p => p.Id)
                    .Select(p => new { p.Date, p.Amount, p.Currency }).FirstOrDefault(),
            })
            .Select(c => new ClientRow(c.Name, c.DoNotContact, c.Last != null ? c.Last.Date : null, c.Last != null ? c.Last.Amount : null,
                c.Last != null ? c.Last.Currency : null))
            .FirstOrDefaultAsync(ct);

    private async Task<Manager> ManagerAsync(string userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new Manager(u.Id, u.DisplayName, u.Email, u.Culture, u.UseSolarHijri, u.TimeZoneId)).FirstAsync(ct);

    private async Task<FollowUpFacts?> FollowUpAsync(int clientId, int? followUpId, CancellationToken ct) =>
        followUpId is not { } id ? null
            : await db.FollowUps.AsNoTracking().Where(f => f.Id == id && f.ClientId == clientId)
                .Select(f => new FollowUpFacts(f.Id, f.Kind, f.SourceKey, f.ContactId, f.DueOn, f.ReasonCode, f.ReasonArgs)).FirstOrDefaultAsync(ct);

    private async Task<List<MessageRecipient>> RecipientsAsync(int clientId, CancellationToken ct) =>
        await db.Contacts.AsNoTracking().Where(c => c.ClientId == clientId)
            .OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new MessageRecipient(c.Id, c.Name, c.Email, c.FormOfAddress, c.Language, c.IsPrimary, c.EmailBouncedAtUtc, c.EmailBounceReason))
            .ToListAsync(ct);

    /// <summary>The placeholder values, written for a reader of <paramref name="language"/>: their number and date formats and words.</summary>
    private Dictionary<string, object?> Values(ClientRow client, MessageRecipient? recipient, Manager manager, FollowUpFacts? followUp, string language)
    {
        // Persian dates follow the manager's calendar choice: the manager knows whether their clients read Solar Hijri.
        var f = DisplayFormat.For(language, manager.UseSolarHijri);
        using var scope = CultureScope.Use(language);
        var (occasion, occasionDate, years) = Occasion(followUp);
        return new Dictionary<string, object?>
        {
            [TemplatePlaceholders.ContactName] = recipient?.Name ?? "",
            [TemplatePlaceholders.FormOfAddress] = recipient?.Addressed ?? "",
            [TemplatePlaceholders.ClientName] = client.Name,
            [TemplatePlaceholders.ManagerName] = manager.DisplayName,
            [TemplatePlaceholders.LastPurchase] = client.LastPurchaseAmount is { } amount ? f.Money(amount, client.LastPurchaseCurrency ?? "") : null,
            [TemplatePlaceholders.LastPurchaseDate] = client.LastPurchaseOn is { } on ? f.Date(on) : null,
            [TemplatePlaceholders.Occasion] = occasion,
            [TemplatePlaceholders.OccasionDate] = occasionDate is { } date ? f.DayFullMonth(date) : null,
            [TemplatePlaceholders.Years] = years,
        };
    }

    /// <summary>An occasion follow-up's words, date and years, read from its stored reason (<see cref="FollowUpReasons"/>).</summary>
    private (string? Words, DateOnly? Date, int? Years) Occasion(FollowUpFacts? followUp)
    {
        if (followUp is not { Kind: FollowUpKind.Occasion, ReasonCode: { } code }) return (null, null, null);
        try
        {
            var a = string.IsNullOrEmpty(followUp.ReasonArgs) ? [] : JsonSerializer.Deserialize<string?[]>(followUp.ReasonArgs) ?? [];
            return code switch
            {
                FollowUpReasons.Birthday => (TextCase.InSentence(t["Birthday"]), Day(a[1]), null),
                FollowUpReasons.CustomerSince => (t["anniversary as a client"], Day(a[1]), Int(a[0])),
                FollowUpReasons.ProjectSixMonths => (a[0] ?? t["your project"], followUp.DueOn, null),
                FollowUpReasons.ProjectAnniversary => (a[1] ?? t["your project"], Day(a[2]), Int(a[0])),
                FollowUpReasons.KeyDateBirthday => (a[0] ?? TextCase.InSentence(t["Birthday"]), Day(a[1]), null),
                FollowUpReasons.YearlyDate => (a[0] ?? t["anniversary"], Day(a[1]), null),
                _ => (null, followUp.DueOn, null),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            return (null, followUp.DueOn, null); // values this version cannot read: the follow-up's date is the best there is
        }
    }

    private static DateOnly Day(string? value) => DateOnly.ParseExact(value ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int Int(string? value) => int.Parse(value ?? "", NumberStyles.Integer, CultureInfo.InvariantCulture);
}
