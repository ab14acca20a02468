using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LybuntCrm.Web.Features.Clients.PersonalData;

/// <summary>
/// Personal-data requests for a contact: export everything held about them, or erase it. Erasing keeps the history
/// (touches keep their date, channel and outcome; purchases and the client's revenue are untouched) and removes the
/// person: their fields are cleared, synced mail with them loses its subject and text, and their name, address and
/// numbers are replaced wherever they were written, in every text column of every table.
/// </summary>
public sealed class ContactPersonalData(CrmDbContext db, Audit audit, DisplayFormat format)
{
    /// <summary>What replaces an erased value inside a longer text (a note, a message, an audit detail).</summary>
    public const string ErasedMark = "•••";

    /// <summary>The tables the export reads rows of the contact from, besides Contacts itself.</summary>
    public static readonly IReadOnlySet<Type> ExportedEntities = new HashSet<Type>
    {
        typeof(Client), typeof(Touchpoint), typeof(KeyDate), typeof(FollowUp), typeof(OutboundEmail), typeof(AuditEvent),
    };

    /// <summary>Shorter values are not searched for in other rows' text: they would match unrelated words.</summary>
    private const int MinimumSearchedLength = 3;

    /// <summary>A name shorter than this is replaced only in the client's own rows.</summary>
    private const int MinimumNameLengthEverywhere = 6;

    public async Task<ContactDataExport?> ExportAsync(int clientId, int contactId, CancellationToken ct)
    {
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId && c.ClientId == clientId, ct);
        if (contact is null) return null;
        var clientName = await db.Clients.AsNoTracking().Where(c => c.Id == clientId).Select(c => c.Name).FirstAsync(ct);
        var email = contact.Email;
        var touches = await db.Touchpoints.AsNoTracking()
            .Where(t => t.ContactId == contactId
                || (email != null && t.ClientId == clientId && t.MessageKey != null && ((t.Subject != null && t.Subject.Contains(email)) || (t.Summary != null && t.Summary.Contains(email)))))
            .OrderBy(t => t.OccurredOn).ThenBy(t => t.Id)
            .Select(t => new { Row = new ContactDataExport.TouchRow(t.Id, t.OccurredOn, t.Channel, t.Direction, t.Outcome, t.Subject, t.Summary), Synced = t.Source == TouchpointSource.Mailbox })
            .ToListAsync(ct);
        var keyDates = await db.KeyDates.AsNoTracking().Where(k => k.ContactId == contactId).OrderBy(k => k.Date)
            .Select(k => new ContactDataExport.KeyDateRow(k.Id, k.Kind, k.Date, k.Label)).ToListAsync(ct);
        var followUps = await db.FollowUps.AsNoTracking().Where(f => f.ContactId == contactId).OrderBy(f => f.DueOn).ThenBy(f => f.Id)
            .Select(f => new ContactDataExport.FollowUpRow(f.Id, f.Kind, f.DueOn, f.Status, f.Reason, f.ClosedReason)).ToListAsync(ct);
        var messages = await db.OutboundEmails.AsNoTracking()
            .Where(o => o.ContactId == contactId || (email != null && o.Recipient == email))
            .OrderBy(o => o.CreatedAtUtc).ThenBy(o => o.Id)
            .Select(o => new ContactDataExport.MessageRow(o.Id, o.Channel, o.Recipient, o.RecipientName, o.Subject, o.TextBody, o.Status, o.CreatedAtUtc))
            .ToListAsync(ct);
        var audits = await AuditNaming(contact).OrderBy(a => a.Id)
            .Select(a => new ContactDataExport.AuditRow(a.Id, a.AtUtc, a.UserEmail, a.Action, a.EntityType, a.EntityId, a.Detail)).ToListAsync(ct);
        return new ContactDataExport(contact, clientName,
            touches.Where(t => !t.Synced).Select(t => t.Row).ToList(), touches.Where(t => t.Synced).Select(t => t.Row).ToList(),
            keyDates, followUps, messages, audits);
    }

    /// <summary>
    /// Erases the contact in one transaction and records it without the erased values. The caller checked that the
    /// user is an admin and that the typed name matches.
    /// </summary>
    public Task EraseAsync(int clientId, int contactId, string erasedName, ClaimsPrincipal user, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            var contact = await db.Contacts.AsNoTracking().FirstAsync(c => c.Id == contactId && c.ClientId == clientId, ct);
            var values = ErasedValues(contact);

            // Synced mail with them: the subject and text go, the touch (its date and outcome) stays.
            var email = contact.Email;
            await db.Touchpoints.Where(t => t.MessageKey != null && (t.ContactId == contactId
                    || (email != null && t.ClientId == clientId && ((t.Subject != null && t.Subject.Contains(email)) || (t.Summary != null && t.Summary.Contains(email))))))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Subject, (string?)null).SetProperty(t => t.Summary, (string?)null), ct);
            // Messages written to them: the text and the address go, the record that something was sent stays.
            await db.OutboundEmails.Where(o => o.ContactId == contactId || (email != null && o.Recipient == email))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(o => o.Recipient, o => ErasedMark + o.Id)
                    .SetProperty(o => o.RecipientName, (string?)null)
                    .SetProperty(o => o.Subject, ErasedMark)
                    .SetProperty(o => o.HtmlBody, "")
                    .SetProperty(o => o.TextBody, "")
                    .SetProperty(o => o.ReplyMarkup, (string?)null)
                    .SetProperty(o => o.Status, o => o.Status == EmailStatus.Sent ? EmailStatus.Sent : EmailStatus.Failed)
                    .SetProperty(o => o.LastError, o => o.Status == EmailStatus.Sent ? o.LastError : "erased"), ct);
            // Their dates (a birthday) are theirs alone.
            await db.KeyDates.Where(k => k.ContactId == contactId).ExecuteDeleteAsync(ct);

            await db.Contacts.Where(c => c.Id == contactId).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Name, erasedName)
                .SetProperty(c => c.Email, (string?)null)
                .SetProperty(c => c.Phone, (string?)null)
                .SetProperty(c => c.Role, (string?)null)
                .SetProperty(c => c.ZaloPhone, (string?)null)
                .SetProperty(c => c.TelegramUsername, (string?)null)
                .SetProperty(c => c.WhatsAppPhone, (string?)null)
                .SetProperty(c => c.BirthdayDay, (int?)null)
                .SetProperty(c => c.BirthdayMonth, (int?)null)
                .SetProperty(c => c.BirthdayYear, (int?)null)
                .SetProperty(c => c.PreferredChannel, (Channel?)null)
                .SetProperty(c => c.FormOfAddress, (string?)null)
                .SetProperty(c => c.Language, (string?)null)
                .SetProperty(c => c.EmailBouncedAtUtc, (DateTime?)null)
                .SetProperty(c => c.EmailBounceReason, (string?)null)
                .SetProperty(c => c.ExcludedFromSync, true), ct);

            // Wherever else they were written: notes typed about them, earlier audit details, kept undo data.
            await ReplaceEverywhereAsync(clientId, contact.Name.Trim(), values, ct);
            await ClientAccess.RefreshSearchTextAsync(db, clientId, ct);
            audit.Record("contact.erased", nameof(Contact), contactId, $"contact #{contactId} of client {clientId} erased by {user.Identity?.Name}", user);
            await db.SaveChangesAsync(ct);
        }, ct);

    /// <summary>The values that identify the person, longest first so a longer form is replaced before a part of it.</summary>
    public IReadOnlyList<string> ErasedValues(Contact contact)
    {
        var values = new List<string?> { contact.Name, contact.Email, contact.Email?.ToLowerInvariant(), contact.TelegramUsername, contact.FormOfAddress };
        if (contact.TelegramUsername is not null) values.Add("@" + contact.TelegramUsername);
        foreach (var phone in new[] { contact.Phone, contact.ZaloPhone, contact.WhatsAppPhone })
        {
            if (phone is null) continue;
            var shown = format.Phone(phone);
            values.AddRange([phone, shown, new string(shown.Where(char.IsDigit).ToArray()), phone.TrimStart('+')]);
        }
        var plain = values.OfType<string>().Select(v => v.Trim()).Where(v => v.Length >= MinimumSearchedLength).ToList();
        // Kept JSON (undo data, merge rows) and HTML (message bodies) may hold a name with its letters escaped.
        return plain.Concat(plain.Select(v => JsonEncodedText.Encode(v).ToString())).Concat(plain.Select(v => HtmlEncoder.Default.Encode(v)))
            .Distinct().OrderByDescending(v => v.Length).ToList();
    }

    /// <summary>Audit entries about the contact, or whose detail names its address or number.</summary>
    private IQueryable<AuditEvent> AuditNaming(Contact contact)
    {
        var id = contact.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var named = ErasedValues(contact).ToList();
        var query = db.AuditEvents.AsNoTracking().Where(a => a.EntityType == nameof(Contact) && a.EntityId == id);
        foreach (var value in named)
            query = query.Union(db.AuditEvents.AsNoTracking().Where(a => a.Detail != null && a.Detail.Contains(value)));
        return query;
    }

    /// <summary>
    /// Replaces each value in every text column of every table (sign-in tables aside), one set-based statement per
    /// column and value, so a table added later is covered without being listed here. An address or a number is
    /// replaced everywhere; a name, which other people may share, only in the client's own rows where the table has
    /// a client, and elsewhere (the audit log, kept undo data) only when it is long enough to be theirs.
    /// </summary>
    private async Task ReplaceEverywhereAsync(int clientId, string name, IReadOnlyList<string> values, CancellationToken ct)
    {
        var names = new HashSet<string> { name, JsonEncodedText.Encode(name).ToString(), HtmlEncoder.Default.Encode(name) };
        foreach (var (table, column, clientColumn) in TextColumns(db.Model))
            foreach (var value in values)
            {
                var isName = names.Contains(value);
                if (isName && clientColumn is null && value.Length < MinimumNameLengthEverywhere) continue;
                var scope = isName && clientColumn is not null ? $" AND \"{clientColumn}\" = {{3}}" : "";
                // Table and column names come from the model, values are parameters.
                var sql = $"UPDATE \"{table}\" SET \"{column}\" = REPLACE(\"{column}\", {{0}}, {{1}}) WHERE \"{column}\" LIKE {{2}}{scope}";
                await db.Database.ExecuteSqlRawAsync(sql, [value, ErasedMark, "%" + value + "%", clientId], ct);
            }
    }

    /// <summary>
    /// Every string column of every table except the sign-in and key tables (the users' own) and the names of clients
    /// and contacts (other people's), with the column naming the client of the row when there is one.
    /// </summary>
    public static IEnumerable<(string Table, string Column, string? ClientColumn)> TextColumns(IModel model)
    {
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null || entity.GetViewName() is not null || table.StartsWith("AspNet", StringComparison.Ordinal) || table == "DataProtectionKeys") continue;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var clientProperty = entity.ClrType == typeof(Client) ? entity.FindProperty(nameof(Client.Id)) : entity.FindProperty(nameof(Contact.ClientId));
            var clientColumn = clientProperty?.GetColumnName(store);
            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType != typeof(string) || property.IsKey() || property.GetColumnName(store) is not { } column) continue;
                if (property.Name == nameof(Client.Name) && (entity.ClrType == typeof(Client) || entity.ClrType == typeof(Contact))) continue;
                if (property.GetColumnType().Contains("json", StringComparison.OrdinalIgnoreCase)) continue;
                yield return (table, column, clientColumn);
            }
        }
    }
}
