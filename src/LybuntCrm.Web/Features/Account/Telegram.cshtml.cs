using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Telegram;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LybuntCrm.Web.Features.Account;

/// <summary>
/// Account → Telegram: connect a chat to the bot with a one-time link, choose where the daily list goes, disconnect.
/// </summary>
public sealed class TelegramModel(CrmDbContext db, TelegramLinks links, IOptions<TelegramOptions> options) : PageModel
{
    public bool BotConfigured => options.Value.IsConfigured;
    public string BotName => options.Value.CleanBotName;
    /// <summary>The "Connect" link with a fresh one-time code, when no chat is linked yet.</summary>
    public string? ConnectUrl { get; private set; }
    public DateTime? LinkedAtUtc { get; private set; }
    public DateTime? BlockedAtUtc { get; private set; }
    public bool Linked => LinkedAtUtc is not null;

    [BindProperty] public DigestDelivery Delivery { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Challenge();
        if (BotConfigured && !Linked)
            ConnectUrl = $"https://t.me/{Uri.EscapeDataString(BotName)}?start={await links.NewCodeAsync(User.Id(), ct)}";
        return Page();
    }

    public async Task<IActionResult> OnPostDeliveryAsync(CancellationToken ct)
    {
        if (!Enum.IsDefined(Delivery))
        {
            ModelState.AddModelError(string.Empty, "Choose where your daily list goes.");
            await LoadAsync(ct);
            return Page();
        }
        var userId = User.Id();
        var delivery = Delivery;
        // Telegram only with a chat to send to: without one the list stays with email.
        var saved = await db.Users.Where(u => u.Id == userId && (u.TelegramChatId != null || delivery == DigestDelivery.Email))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.DigestDelivery, delivery), ct);
        TempData["Flash"] = saved == 1 ? "Your preferences are saved." : "Connect Telegram first.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisconnectAsync(CancellationToken ct)
    {
        await links.UnlinkAsync(User.Id(), ct);
        TempData["Flash"] = "Telegram is disconnected. Your daily list comes by email.";
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var userId = User.Id();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.TelegramLinkedAtUtc, u.TelegramChatId, u.TelegramBlockedAtUtc, u.DigestDelivery })
            .FirstOrDefaultAsync(ct);
        if (user is null) return false;
        LinkedAtUtc = user.TelegramChatId is null ? null : user.TelegramLinkedAtUtc;
        BlockedAtUtc = user.TelegramBlockedAtUtc;
        Delivery = user.DigestDelivery;
        return true;
    }
}
