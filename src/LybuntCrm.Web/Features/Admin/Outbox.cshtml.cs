using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Email;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Admin;

/// <summary>Every message the app sends, with its state; failed ones can be sent again, and a test message checks the setup.</summary>
public sealed class OutboxModel(CrmDbContext db, Outbox outbox, OutboxSender sender, IMailTransportFactory transports, Audit audit,
    IStringLocalizer<SharedResource> t, Telegram.TelegramBot bot, Telegram.TelegramStatus telegramStatus) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<EmailStatus, int> Counts { get; private set; } = new Dictionary<EmailStatus, int>();
    public int Total { get; private set; }
    public int PageCount { get; private set; }
    public string Destination { get; private set; } = "";
    public bool SendAllClear { get; private set; }
    public bool TelegramConfigured => bot.IsConfigured;
    public string TelegramBotName => bot.Options.CleanBotName;
    public Telegram.TelegramTokenProblem? TelegramTokenProblem { get; private set; }
    public int TelegramLinked { get; private set; }
    /// <summary>People whose chat blocked the bot: their lists go by email until they connect again.</summary>
    public IReadOnlyList<string> TelegramBlocked { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public EmailStatus? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty] public TestForm Test { get; set; } = new();

    public sealed record Row(int Id, OutboxChannel Channel, string Recipient, string? RecipientName, string Kind, DateOnly ForDate, string Subject, EmailStatus Status,
        int Attempts, string? LastError, DateTime CreatedAtUtc, DateTime NextAttemptAtUtc, DateTime? SentAtUtc, int DeliveryCount, string MessageId);

    public sealed class TestForm
    {
        [Required(ErrorMessage = "Enter the address to send the test to.")]
        [StringLength(254, ErrorMessage = "The address is too long.")]
        [Display(Name = "Send a test email to")]
        public string Recipient { get; set; } = "";
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Test.Recipient = SignedInEmail() ?? "";
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostTestAsync(CancellationToken ct)
    {
        var recipient = Test.Recipient?.Trim() ?? "";
        if (ModelState.IsValid && !MailAddressRules.IsValidAddress(recipient))
            ModelState.AddModelError("Test.Recipient", "Enter one email address, like name@example.com.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        var who = WebUtility.HtmlEncode(SignedInEmail() ?? "an admin");
        await outbox.QueueTestAsync(recipient, "LybuntCrm test email",
            $"<!DOCTYPE html><html><body style=\"font-family:Arial,sans-serif;font-size:14px;\"><p>This is a test email from LybuntCrm, sent by {who}.</p><p>If you can read it, outgoing email works.</p></body></html>",
            $"This is a test email from LybuntCrm, sent by {SignedInEmail()}.\n\nIf you can read it, outgoing email works.\n", ct);
        await audit.RecordNowAsync("email.test-queued", "OutboundEmail", null, null);
        TempData["Flash"] = t["A test email to {0} is waiting in the outbox; it goes out within a minute, or now with \"Send waiting mail now\".", Bidi.Isolate(recipient)].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResendAsync(int id, CancellationToken ct)
    {
        if (await outbox.ResendAsync(id, ct))
        {
            await audit.RecordNowAsync("email.resend", "OutboundEmail", id);
            TempData["Flash"] = "The message is back in the queue.";
        }
        else
        {
            TempData["Flash"] = "Only a failed message can be sent again; this one is not failed.";
        }
        return RedirectToPage(new { Status, p = PageNumber });
    }

    public async Task<IActionResult> OnPostSendNowAsync(CancellationToken ct)
    {
        var result = await sender.SendPendingAsync(ct);
        TempData["Flash"] = t["Sent {0}; {1} will be retried; {2} failed.", result.Sent, result.Retrying, result.Failed].Value;
        return RedirectToPage(new { Status, p = PageNumber });
    }

    public async Task<IActionResult> OnPostAllClearAsync(bool enabled, CancellationToken ct)
    {
        await db.SetSettingAsync(DigestSettings.SendAllClear, enabled ? "true" : "false", ct);
        await audit.RecordNowAsync("setting.changed", "AppSetting", DigestSettings.SendAllClear, enabled ? "true" : "false");
        TempData["Flash"] = enabled ? "Managers with nothing to do now get a short \"all clear\" email." : "Managers with nothing to do get no email.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Destination = transports.Describe(t);
        if (bot.IsConfigured)
        {
            TelegramTokenProblem = await telegramStatus.TokenProblemAsync(ct);
            TelegramLinked = await db.Users.CountAsync(u => u.TelegramChatId != null && u.IsActive, ct);
            TelegramBlocked = await db.Users.Where(u => u.TelegramChatId != null && u.TelegramBlockedAtUtc != null && u.IsActive)
                .OrderBy(u => u.DisplayName).Select(u => u.DisplayName).ToListAsync(ct);
        }
        SendAllClear = string.Equals(await db.GetSettingAsync(DigestSettings.SendAllClear, ct), "true", StringComparison.OrdinalIgnoreCase);
        Counts = await db.OutboundEmails.GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var query = db.OutboundEmails.AsNoTracking();
        if (Status is { } status) query = query.Where(e => e.Status == status);
        Total = Status is { } s ? Counts.GetValueOrDefault(s) : Counts.Values.Sum();
        PageCount = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Rows = await query.OrderByDescending(e => e.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(e => new Row(e.Id, e.Channel, e.Recipient, e.RecipientName, e.Kind, e.ForDate, e.Subject, e.Status, e.Attempts, e.LastError,
                e.CreatedAtUtc, e.NextAttemptAtUtc, e.SentAtUtc, e.DeliveryCount, e.MessageId))
            .ToListAsync(ct);
    }

    private string? SignedInEmail() => User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name;

    public static string Badge(EmailStatus status) => status switch
    {
        EmailStatus.Sent => "text-bg-success",
        EmailStatus.Failed => "text-bg-danger",
        EmailStatus.Sending => "text-bg-info",
        _ => "text-bg-secondary",
    };
}
