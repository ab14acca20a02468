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
public sealed class ContactModel(CrmDbContext db, ContactForm form, IStringLocalizer<SharedResource> t) : ClientChildPage(db)
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
            Input = form.InputOf(c);
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

        var check = form.Check(Input, contact, (field, message) => ModelState.AddModelError("Input." + field, message));
        if (!ModelState.IsValid) return Page();

        var isNew = contact is null;
        await form.SaveAsync(clientId, contact, Input, check, null, ct);

        TempData["Flash"] = isNew ? t["Contact added."].Value : t["Contact saved."].Value;
        return Redirect($"/Clients/{clientId}");
    }
}
