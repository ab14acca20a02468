using System.ComponentModel.DataAnnotations;
using System.Text;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Email;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Account;

/// <summary>
/// "Forgot your password?": queues a reset link for an active account. The page answers the same whatever was typed, so
/// it does not tell who has an account; one address gets at most <see cref="EmailsPerHour"/> links an hour.
/// </summary>
[EnableRateLimiting(Policies.PasswordReset)]
public sealed class ForgotPasswordModel(UserManager<AppUser> users, CrmDbContext db, Outbox outbox, PasswordResetEmail email, Audit audit,
    IClock clock, IConfiguration configuration) : PageModel
{
    public const int EmailsPerHour = 3;

    [BindProperty] public ForgotInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public bool Sent { get; set; }

    public sealed class ForgotInput
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(254, ErrorMessage = "The address is too long.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is { IsActive: true, Email.Length: > 0 })
            await SendAsync(user, ct);
        else
            await audit.RecordNowAsync("password.reset_requested", "User", null, user is null ? "unknown account" : "inactive account");
        return RedirectToPage(new { sent = true });
    }

    private async Task SendAsync(AppUser user, CancellationToken ct)
    {
        var since = clock.UtcNow - TimeSpan.FromHours(1);
        var recent = await db.OutboundEmails.CountAsync(e => e.Recipient == user.Email && e.Kind.StartsWith(PasswordResetEmail.KindPrefix)
            && e.CreatedAtUtc > since, ct);
        if (recent >= EmailsPerHour)
        {
            await audit.RecordNowAsync("password.reset_throttled", "User", user.Id, $"{recent} reset emails in the last hour");
            return;
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{AppAddress.BaseUrl(configuration)}/Account/ResetPassword?id={Uri.EscapeDataString(user.Id)}"
            + $"&code={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}";
        await outbox.EnqueueAsync([email.Render(user, link, clock.Today)], ct);
        await audit.RecordNowAsync("password.reset_requested", "User", user.Id);
    }
}
