using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Account;

/// <summary>
/// The signed-in person's passkeys: add one (the browser makes it, then it gets a name), rename, remove. Every handler
/// looks a passkey up among the signed-in user's own, so another user's passkey id finds nothing.
/// </summary>
public sealed class PasskeysModel(
    UserManager<AppUser> users, SignInManager<AppUser> signIn, CrmDbContext db, Audit audit, IStringLocalizer<SharedResource> t)
    : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public sealed record Row(string Id, string Name, DateTime AddedUtc, DateTime? LastUsedUtc);

    /// <summary>The passkey whose name form is open (just added, or "Rename" chosen).</summary>
    [BindProperty(SupportsGet = true, Name = "rename")] public string? RenameId { get; set; }
    [BindProperty] public NameForm Input { get; set; } = new();

    public sealed class NameForm
    {
        public string Id { get; set; } = "";

        [Required(ErrorMessage = "Enter a name for the passkey.")]
        [StringLength(PasskeyNames.MaxLength, ErrorMessage = "The name can have at most 100 characters.")]
        [Display(Name = "Passkey name")]
        public string Name { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user, ct);
        if (RenameId is not null)
        {
            var renaming = Rows.FirstOrDefault(r => r.Id == RenameId);
            if (renaming is null) RenameId = null;
            else Input = new NameForm { Id = renaming.Id, Name = renaming.Name };
        }
        return Page();
    }

    /// <summary>The options for <c>navigator.credentials.create</c>, fetched by passkeys.js.</summary>
    public async Task<IActionResult> OnPostCreationOptionsAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var entity = new PasskeyUserEntity { Id = user.Id, Name = user.Email ?? user.UserName ?? user.Id, DisplayName = user.DisplayName };
        return Content(await signIn.MakePasskeyCreationOptionsAsync(entity), "application/json");
    }

    /// <summary>Stores the passkey the browser made, under a name from the device, and opens its name form.</summary>
    public async Task<IActionResult> OnPostAddAsync([FromForm] string? credentialJson, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        PasskeyAttestationResult? attestation = null;
        if (!string.IsNullOrWhiteSpace(credentialJson))
        {
            try
            {
                attestation = await signIn.PerformPasskeyAttestationAsync(credentialJson);
            }
            catch (InvalidOperationException)
            {
                // No registration under way: the options cookie is missing, expired or was already used.
            }
        }
        // The options were made for the signed-in user; a passkey made for anyone else is not stored.
        if (attestation is not { Succeeded: true } || attestation.UserEntity.Id != user.Id)
            return await FailedAsync(user, t["The passkey could not be added. Try again."], ct);

        var passkey = attestation.Passkey;
        var device = PasskeyNames.Device(Request.Headers.UserAgent.ToString());
        passkey.Name = device.Length > 0 ? t["Passkey on {0}", device].Value : t["Passkey"].Value;
        if (passkey.Name.Length > PasskeyNames.MaxLength) passkey.Name = passkey.Name[..PasskeyNames.MaxLength];
        if (!(await users.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded)
            return await FailedAsync(user, t["The passkey could not be added. Try again."], ct);
        await audit.RecordNowAsync("passkey.added", "User", user.Id, PasskeyIds.AuditDetail(passkey.CredentialId));
        TempData["Flash"] = "The passkey is added. Give it a name you will recognise.";
        return RedirectToPage(new { rename = PasskeyIds.Encode(passkey.CredentialId) });
    }

    public async Task<IActionResult> OnPostRenameAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (await FindOwnAsync(user, Input.Id) is not { } passkey) return NotFound();
        var name = TextInput.Clean(Input.Name);
        if (name is null && ModelState.GetFieldValidationState("Input.Name") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
            ModelState.AddModelError("Input.Name", "Enter a name for the passkey.");
        if (!ModelState.IsValid)
        {
            RenameId = Input.Id;
            await LoadAsync(user, ct);
            return Page();
        }
        passkey.Name = name;
        if (!(await users.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded)
            return await FailedAsync(user, t["The passkey could not be renamed. Try again."], ct);
        await audit.RecordNowAsync("passkey.renamed", "User", user.Id, PasskeyIds.AuditDetail(passkey.CredentialId));
        TempData["Flash"] = "The passkey is renamed.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync([FromForm] string? id, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (await FindOwnAsync(user, id) is not { } passkey) return NotFound();
        if (!(await users.RemovePasskeyAsync(user, passkey.CredentialId)).Succeeded)
            return await FailedAsync(user, t["The passkey could not be removed. Try again."], ct);
        await audit.RecordNowAsync("passkey.removed", "User", user.Id, PasskeyIds.AuditDetail(passkey.CredentialId));
        // Should the removal have changed the security stamp, renewing the sign-in keeps this session going.
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = "The passkey is removed. It can no longer sign in to this account.";
        return RedirectToPage();
    }

    private async Task<UserPasskeyInfo?> FindOwnAsync(AppUser user, string? encodedId) =>
        PasskeyIds.TryDecode(encodedId) is { } credentialId ? await users.GetPasskeyAsync(user, credentialId) : null;

    private async Task<IActionResult> FailedAsync(AppUser user, LocalizedString message, CancellationToken ct)
    {
        ModelState.AddModelError(string.Empty, message);
        RenameId = null;
        await LoadAsync(user, ct);
        return Page();
    }

    private async Task LoadAsync(AppUser user, CancellationToken ct)
    {
        var passkeys = await users.GetPasskeysAsync(user);
        // Last use is read from the audit log's passkey sign-ins, which name the passkey by a short hash of its id.
        var lastUsed = await db.AuditEvents.AsNoTracking()
            .Where(e => e.UserId == user.Id && e.Action == "login.passkey" && e.Detail != null)
            .GroupBy(e => e.Detail!)
            .Select(g => new { Detail = g.Key, AtUtc = g.Max(e => e.AtUtc) })
            .ToDictionaryAsync(g => g.Detail, g => g.AtUtc, ct);
        Rows = passkeys
            .OrderBy(p => p.CreatedAt)
            .Select(p => new Row(PasskeyIds.Encode(p.CredentialId), p.Name ?? t["Passkey"].Value, p.CreatedAt.UtcDateTime,
                lastUsed.TryGetValue(PasskeyIds.AuditDetail(p.CredentialId), out var at) ? at : null))
            .ToList();
    }
}
