using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// The rules and the save of a contact's form, shared by the contact page and the API, so a contact is checked and
/// stored the same way (and with the same messages) whichever way it arrives.
/// </summary>
public sealed class ContactForm(CrmDbContext db, IClock clock, Audit audit, IStringLocalizer<SharedResource> t, DisplayFormat f, PhoneRegion phoneRegion)
{
    /// <summary>The numbers in E.164 and the Telegram username in the form they are stored in.</summary>
    public sealed record Checked(string? Phone, string? ZaloPhone, string? WhatsAppPhone, string? TelegramUsername);

    /// <summary>The form's fields as the contact holds them (phones as the user reads them), the starting point of an edit.</summary>
    public ContactModel.ContactInput InputOf(Contact c) => new()
    {
        Name = c.Name,
        Email = c.Email,
        Phone = f.Phone(c.Phone),
        ZaloPhone = f.Phone(c.ZaloPhone),
        TelegramUsername = c.TelegramUsername,
        WhatsAppPhone = f.Phone(c.WhatsAppPhone),
        Role = c.Role,
        BirthdayDay = c.BirthdayDay,
        BirthdayMonth = c.BirthdayMonth,
        BirthdayYear = c.BirthdayYear,
        PreferredChannel = c.PreferredChannel,
        Language = c.Language,
        FormOfAddress = c.FormOfAddress,
        IsPrimary = c.IsPrimary,
        ExcludedFromSync = c.ExcludedFromSync,
    };

    /// <summary>
    /// Cleans the input and checks the rules beyond its attributes; each error goes to <paramref name="error"/> with the
    /// name of the <see cref="ContactModel.ContactInput"/> property it is about.
    /// </summary>
    public Checked Check(ContactModel.ContactInput input, Contact? contact, Action<string, string> error)
    {
        input.Name = TextInput.Clean(input.Name) ?? "";
        input.Email = TextInput.Clean(input.Email);
        input.Phone = TextInput.Clean(input.Phone);
        input.Role = TextInput.Clean(input.Role);
        input.ZaloPhone = TextInput.Clean(input.ZaloPhone);
        input.TelegramUsername = TextInput.Clean(input.TelegramUsername);
        input.WhatsAppPhone = TextInput.Clean(input.WhatsAppPhone);
        input.FormOfAddress = TextInput.Clean(input.FormOfAddress);
        input.Language = string.IsNullOrEmpty(input.Language) ? null : input.Language;
        if (input.Language is not null && !CultureScope.IsSupported(input.Language)) error(nameof(input.Language), t["Choose a language."]);
        if (input.Name.Length == 0) error(nameof(input.Name), t["Enter the contact's name."]);
        CheckBirthday(input, error);
        if (input.PreferredChannel is { } ch && !Enum.IsDefined(ch)) error(nameof(input.PreferredChannel), t["Choose a channel."]);
        // A phone typed before numbers were checked, and left as it was, stays as it was: only new input must be a number.
        var phone = input.Phone is not null && contact?.Phone is { } stored && f.Phone(stored) == input.Phone && !Phones.TryParse(stored, phoneRegion.Code, out _)
            ? stored
            : PhoneOrError(input.Phone, nameof(input.Phone), error);
        var zalo = PhoneOrError(input.ZaloPhone, nameof(input.ZaloPhone), error);
        var whatsApp = PhoneOrError(input.WhatsAppPhone, nameof(input.WhatsAppPhone), error);
        string? telegram = null;
        if (input.TelegramUsername is not null && !TelegramUsernames.TryNormalize(input.TelegramUsername, out telegram!))
            error(nameof(input.TelegramUsername), t["Enter a Telegram username: 5 to 32 letters, digits or underscores, starting with a letter."]);
        return new Checked(phone, zalo, whatsApp, telegram);
    }

    /// <summary>Adds the contact (<paramref name="contact"/> null) or stores the edit, in the caller's transaction or its own.</summary>
    public Task<Contact> SaveAsync(int clientId, Contact? contact, ContactModel.ContactInput input, Checked check, string? auditDetail,
        CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            var isNew = contact is null;
            if (contact is null)
            {
                contact = new Contact { ClientId = clientId };
                db.Contacts.Add(contact);
            }
            contact.Name = input.Name;
            // A bounce belongs to the address: a new address starts clean (a change of case is the same address).
            if (contact.EmailBouncedAtUtc is not null && !SameAddress(contact.Email, input.Email))
                (contact.EmailBouncedAtUtc, contact.EmailBounceReason) = (null, null);
            contact.Email = input.Email;
            contact.Phone = check.Phone;
            contact.ZaloPhone = check.ZaloPhone;
            contact.TelegramUsername = check.TelegramUsername;
            contact.WhatsAppPhone = check.WhatsAppPhone;
            contact.Role = input.Role;
            contact.BirthdayDay = input.BirthdayDay;
            contact.BirthdayMonth = input.BirthdayMonth;
            contact.BirthdayYear = input.BirthdayDay is null ? null : input.BirthdayYear;
            contact.PreferredChannel = input.PreferredChannel;
            contact.Language = input.Language?.ToLowerInvariant();
            contact.FormOfAddress = input.FormOfAddress;
            contact.IsPrimary = input.IsPrimary;
            contact.ExcludedFromSync = input.ExcludedFromSync;

            await db.SaveChangesAsync(ct);
            var saved = contact;
            if (saved.IsPrimary)
                await db.Contacts.Where(c => c.ClientId == clientId && c.Id != saved.Id && c.IsPrimary)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsPrimary, false), ct);
            await ClientAccess.RefreshSearchTextAsync(db, clientId, ct);
            audit.Record(isNew ? "contact.added" : "contact.updated", nameof(Contact), saved.Id,
                auditDetail is null ? $"client {clientId}" : $"client {clientId}, {auditDetail}");
            await db.SaveChangesAsync(ct);
            return saved;
        }, ct);

    /// <summary>The number in E.164, or null with an error when it is not a phone number (the input stays as typed).</summary>
    private string? PhoneOrError(string? input, string field, Action<string, string> error)
    {
        if (input is null) return null;
        if (Phones.TryParse(input, phoneRegion.Code, out var e164)) return e164;
        error(field, t["Enter a valid phone number, such as {0}.", Phones.Example(phoneRegion.Code)]);
        return null;
    }

    private static bool SameAddress(string? a, string? b) =>
        (EmailAddresses.Normalize(a) ?? a?.ToLowerInvariant()) == (EmailAddresses.Normalize(b) ?? b?.ToLowerInvariant());

    private void CheckBirthday(ContactModel.ContactInput input, Action<string, string> error)
    {
        var (day, month, year) = (input.BirthdayDay, input.BirthdayMonth, input.BirthdayYear);
        if (day is null && month is null && year is null) return;
        if (day is null || month is null)
        {
            error(nameof(input.BirthdayDay), t["Enter both the day and the month of the birthday, or neither."]);
            return;
        }
        if (year is { } y && (y < 1900 || y > clock.Today.Year))
        {
            error(nameof(input.BirthdayYear), t["Enter a year between 1900 and {0}, or leave it empty.", f.Id(clock.Today.Year)]);
            return;
        }
        // Without a year, 29 February is allowed (a leap year is assumed).
        if (month is < 1 or > 12 || day > DateTime.DaysInMonth(year ?? 2000, month.Value))
            error(nameof(input.BirthdayDay), t["That day does not exist in that month."]);
    }
}
