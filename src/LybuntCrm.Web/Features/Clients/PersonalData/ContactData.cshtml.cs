using System.Text.Json;
using System.Text.Json.Serialization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LybuntCrm.Web.Features.Clients.PersonalData;

/// <summary>Everything held about a contact, as a printable page or a JSON download, for whoever may change the client.</summary>
public sealed class ContactDataModel(CrmDbContext db, ContactPersonalData personalData, Audit audit) : PageModel
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public ContactDataExport Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int clientId, int contactId, CancellationToken ct)
    {
        if (await LoadAsync(clientId, contactId, ct) is { } refused) return refused;
        await audit.RecordNowAsync("contact.exported", nameof(Domain.Contact), contactId, $"page, client {clientId}");
        return Page();
    }

    public async Task<IActionResult> OnGetJsonAsync(int clientId, int contactId, CancellationToken ct)
    {
        if (await LoadAsync(clientId, contactId, ct) is { } refused) return refused;
        await audit.RecordNowAsync("contact.exported", nameof(Domain.Contact), contactId, $"json, client {clientId}");
        var c = Data.Contact;
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            contact = new
            {
                c.Id,
                c.Name,
                c.Email,
                c.Phone,
                c.Role,
                c.ZaloPhone,
                c.TelegramUsername,
                c.WhatsAppPhone,
                c.BirthdayDay,
                c.BirthdayMonth,
                c.BirthdayYear,
                c.PreferredChannel,
                c.IsPrimary,
                c.ExcludedFromSync,
                c.FormOfAddress,
                c.Language,
                c.EmailBouncedAtUtc,
                c.EmailBounceReason,
            },
            client = new { Id = clientId, Name = Data.ClientName },
            touchpoints = Data.Touchpoints,
            syncedMessages = Data.SyncedMessages,
            keyDates = Data.KeyDates,
            followUps = Data.FollowUps,
            messagesSent = Data.MessagesSent,
            auditEntries = Data.AuditEntries,
        }, Json);
        return File(body, "application/json", $"contact-{contactId}.json");
    }

    private async Task<IActionResult?> LoadAsync(int clientId, int contactId, CancellationToken ct)
    {
        if (await this.RefuseChangeAsync(db, clientId, ct) is { } refused) return refused;
        if (await personalData.ExportAsync(clientId, contactId, ct) is not { } data) return NotFound();
        Data = data;
        return null;
    }
}
