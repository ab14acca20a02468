using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>Adds a person at a client, or edits one.</summary>
public sealed class ContactModel(CrmDbContext db, IClock clock, Audit audit, IStringLocalizer<SharedResource> t, DisplayFormat f,
    PhoneRegion phoneRegion) : ClientChildPage(db)
{
    [BindProperty] public ContactInput Input { get; set; } = new();
    public int? ContactId { get; private set; }

    public sealed class ContactInput
    {
        [Required(ErrorMessage = "Enter the contact's name.")]
        [StringLength(200, ErrorMessage = "Keep the name under 200 characters.")]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(254, ErrorMessage = "Keep the email under 254 characters.")]
        [Display(Name = "Email")]
        public string? Email { get; set; }

        [StringLength(50, ErrorMessage = "Keep the phone number under 50 characters.")]
        [Display(Name = "Phone")]
        public string? Phone { get; set; }

        [StringLength(50, ErrorMessage = "Keep the phone number under 50 characters.")]
        [Display(Name = "Zalo phone")]
        public string? ZaloPhone { get; set; }

        [StringLength(100, ErrorMessage = "Keep the Telegram username under 100 characters.")]
        [Display(Name = "Telegram username")]
        public string? TelegramUsername { get; set; }

        [StringLength(50, ErrorMessage = "Keep the phone number under 50 characters.")]
        [Display(Name = "WhatsApp phone")]
        public string? WhatsAppPhone { get; set; }

        [StringLength(100, ErrorMessage = "Keep the role under 100 characters.")]
        [Display(Name = "Role")]
        public string? Role { get; set; }

        [Range(1, 31, ErrorMessage = "Enter a day from 1 to 31.")]
        [Display(Name = "Birthday: day")]
        public int? BirthdayDay { get; set; }

        [Range(1, 12, ErrorMessage = "Choose a month.")]
        [Display(Name = "Month")]
        public int? BirthdayMonth { get; set; }

        [Display(Name = "Year (optional)")]
        public int? BirthdayYear { get; set; }

        [Display(Name = "Preferred channel")] public Channel? PreferredChannel { get; set; }

        /// <summary>"en", "vi" or "fa"; empty: the language of the manager who writes.</summary>
        [Display(Name = "Language for messages")] public string? Language { get; set; }

        [StringLength(100, ErrorMessage = "Keep the form of address under 100 characters.")]
        [Display(Name = "Form of address")]
        public string? FormOfAddress { get; set; }
        [Display(Name = "Primary contact")] public bool IsPrimary { get; set; }
        [Display(Name = "Exclude from mailbox sync")] public bool ExcludedFromSync { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int clientId, int? contactId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(Db, clientId, ct) is { } refused) return refused;
        await LoadClientAsync(clientId, ct);
        if (contactId is { } cid)
        {
            var c = await Db.Contacts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == cid && x.ClientId == clientId, ct);
            if (c is null) return NotFound();
            ContactId = cid;
            Input = new ContactInput
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
        }
        else
        {
            Input.IsPrimary = ContactOptions.Count == 0;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int clientId, int? contactId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(Db, clientId, ct) is { } refused) return refused;
        await LoadClientAsync(clientId, ct);
        Contact? contact = null;
        if (contactId is { } cid)
        {
            contact = await Db.Contacts.FirstOrDefaultAsync(x => x.Id == cid && x.ClientId == clientId, ct);
            if (contact is null) return NotFound();
            ContactId = cid;
        }

        Input.Name = TextInput.Clean(Input.Name) ?? "";
        Input.Email = TextInput.Clean(Input.Email);
        Input.Phone = TextInput.Clean(Input.Phone);
        Input.Role = TextInput.Clean(Input.Role);
        Input.ZaloPhone = TextInput.Clean(Input.ZaloPhone);
        Input.TelegramUsername = TextInput.Clean(Input.TelegramUsername);
        Input.WhatsAppPhone = TextInput.Clean(Input.WhatsAppPhone);
        Input.FormOfAddress = TextInput.Clean(Input.FormOfAddress);
        Input.Language = string.IsNullOrEmpty(Input.Language) ? null : Input.Language;
        if (Input.Language is not null && !CultureScope.IsSupported(Input.Language)) ModelState.AddModelError("Input.Language", t["Choose a language."]);
        if (Input.Name.Length == 0) ModelState.AddModelError("Input.Name", t["Enter the contact's name."]);
        ValidateBirthday();
        if (Input.PreferredChannel is { } ch && !Enum.IsDefined(ch)) ModelState.AddModelError("Input.PreferredChannel", t["Choose a channel."]);
        // A phone typed before numbers were checked, and left as it was, stays as it was: only new input must be a number.
        var phone = Input.Phone is not null && contact?.Phone is { } stored && f.Phone(stored) == Input.Phone && !Phones.TryParse(stored, phoneRegion.Code, out _)
            ? stored
            : PhoneOrError(Input.Phone, "Input.Phone");
        var zalo = PhoneOrError(Input.ZaloPhone, "Input.ZaloPhone");
        var whatsApp = PhoneOrError(Input.WhatsAppPhone, "Input.WhatsAppPhone");
        string? telegram = null;
        if (Input.TelegramUsername is not null && !TelegramUsernames.TryNormalize(Input.TelegramUsername, out telegram!))
            ModelState.AddModelError("Input.TelegramUsername", t["Enter a Telegram username: 5 to 32 letters, digits or underscores, starting with a letter."]);
        if (!ModelState.IsValid) return Page();

        var isNew = contact is null;
        if (contact is null)
        {
            contact = new Contact { ClientId = clientId };
            Db.Contacts.Add(contact);
        }
        contact.Name = Input.Name;
        // A bounce belongs to the address: a new address starts clean (a change of case is the same address).
        if (contact.EmailBouncedAtUtc is not null && !SameAddress(contact.Email, Input.Email))
            (contact.EmailBouncedAtUtc, contact.EmailBounceReason) = (null, null);
        contact.Email = Input.Email;
        contact.Phone = phone;
        contact.ZaloPhone = zalo;
        contact.TelegramUsername = telegram;
        contact.WhatsAppPhone = whatsApp;
        contact.Role = Input.Role;
        contact.BirthdayDay = Input.BirthdayDay;
        contact.BirthdayMonth = Input.BirthdayMonth;
        contact.BirthdayYear = Input.BirthdayDay is null ? null : Input.BirthdayYear;
        contact.PreferredChannel = Input.PreferredChannel;
        contact.Language = Input.Language?.ToLowerInvariant();
        contact.FormOfAddress = Input.FormOfAddress;
        contact.IsPrimary = Input.IsPrimary;
        contact.ExcludedFromSync = Input.ExcludedFromSync;

        await using var tx = await Db.Database.BeginTransactionAsync(ct);
        await Db.SaveChangesAsync(ct);
        if (contact.IsPrimary)
            await Db.Contacts.Where(c => c.ClientId == clientId && c.Id != contact.Id && c.IsPrimary)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsPrimary, false), ct);
        await ClientAccess.RefreshSearchTextAsync(Db, clientId, ct);
        audit.Record(isNew ? "contact.added" : "contact.updated", nameof(Contact), contact.Id, $"client {clientId}");
        await Db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        TempData["Flash"] = isNew ? t["Contact added."].Value : t["Contact saved."].Value;
        return Redirect($"/Clients/{clientId}");
    }

    /// <summary>The number in E.164, or null with a form error when it is not a phone number (the input stays as typed).</summary>
    private string? PhoneOrError(string? input, string field)
    {
        if (input is null) return null;
        if (Phones.TryParse(input, phoneRegion.Code, out var e164)) return e164;
        ModelState.AddModelError(field, t["Enter a valid phone number, such as {0}.", Phones.Example(phoneRegion.Code)]);
        return null;
    }

    private static bool SameAddress(string? a, string? b) =>
        (EmailAddresses.Normalize(a) ?? a?.ToLowerInvariant()) == (EmailAddresses.Normalize(b) ?? b?.ToLowerInvariant());

    private void ValidateBirthday()
    {
        var (day, month, year) = (Input.BirthdayDay, Input.BirthdayMonth, Input.BirthdayYear);
        if (day is null && month is null && year is null) return;
        if (day is null || month is null)
        {
            ModelState.AddModelError("Input.BirthdayDay", t["Enter both the day and the month of the birthday, or neither."]);
            return;
        }
        if (year is { } y && (y < 1900 || y > clock.Today.Year))
        {
            ModelState.AddModelError("Input.BirthdayYear", t["Enter a year between 1900 and {0}, or leave it empty.", f.Id(clock.Today.Year)]);
            return;
        }
        // Without a year, 29 February is allowed (a leap year is assumed).
        if (month is < 1 or > 12 || day > DateTime.DaysInMonth(year ?? 2000, month.Value))
            ModelState.AddModelError("Input.BirthdayDay", t["That day does not exist in that month."]);
    }
}
