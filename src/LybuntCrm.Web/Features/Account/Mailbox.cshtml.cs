using Hangfire;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Mailboxes;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Account;

/// <summary>
/// The signed-in person's own mailbox: connect it (tested before it is saved), choose its folders, see how syncing goes,
/// sync it now or remove it; optionally an outgoing server, so that messages written in the app leave from the manager's own
/// address. Everything goes through <see cref="MailboxAccounts"/>.
/// </summary>
public sealed class MailboxModel(MailboxAccounts accounts, IStringLocalizer<SharedResource> t, EnumLabels labels) : PageModel
{
    [BindProperty] public MailboxForm Input { get; set; } = new();
    public MailboxSummary? Mailbox { get; private set; }
    /// <summary>The server's folders, when the folder form is shown (after connecting, or "Choose folders").</summary>
    public IReadOnlyList<FolderChoice>? ServerFolders { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Mailbox = await accounts.FindAsync(User.Id(), ct);
        Input = MailboxForm.From(Mailbox);
    }

    /// <summary>Signs in with the saved settings to offer the server's folders.</summary>
    public async Task<IActionResult> OnGetFoldersAsync(CancellationToken ct)
    {
        await OnGetAsync(ct);
        if (Mailbox is null) return RedirectToPage();
        var listed = await accounts.ServerFoldersAsync(User.Id(), ct);
        if (listed.Succeeded) ServerFolders = FolderChoice.Of(listed, Mailbox.Folders);
        else if (listed.Problem != MailboxProblem.None) ModelState.AddModelError("", MailboxProblemText.NoFolders(listed.Problem, listed.ProblemDetail, t, labels));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // A port or security that could not be read is said as it is, never replaced by the default and tried.
        if (!ModelState.IsValid) return await FailedAsync(MailboxOutcome.Invalid([]), ct);
        var outcome = await accounts.SaveAsync(User.Id(), Input.ToSettings(), ct);
        if (!outcome.Succeeded) return await FailedAsync(outcome, ct);
        TempData["Flash"] = "The mailbox is connected. Check the folders to sync.";
        return RedirectToPage(null, "Folders");
    }

    public async Task<IActionResult> OnPostFoldersAsync(List<string> folders, CancellationToken ct)
    {
        var outcome = await accounts.ChooseFoldersAsync(User.Id(), folders, ct);
        if (!outcome.Succeeded)
        {
            var result = await FailedAsync(outcome, ct);
            if (Mailbox is not null && outcome.ServerFolders.Count > 0) ServerFolders = FolderChoice.Of(outcome, folders);
            return result;
        }
        TempData["Flash"] = "The folders to sync are saved.";
        return RedirectToPage();
    }

    /// <summary>Syncs this mailbox in the background now, instead of at the next five-minute run.</summary>
    public async Task<IActionResult> OnPostSyncAsync([FromServices] IBackgroundJobClient jobs, CancellationToken ct)
    {
        if (await accounts.FindAsync(User.Id(), ct) is not { } mailbox) return RedirectToPage();
        jobs.Enqueue<MailboxSyncJob>(j => j.RunOneAsync(mailbox.Id, CancellationToken.None));
        TempData["Flash"] = "The sync has started. Reload the page in a minute to see what it found.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        if (await accounts.RemoveAsync(User.Id(), ct)) TempData["Flash"] = "The mailbox is removed. The touches it logged stay.";
        else TempData["Flash"] = "No mailbox is connected.";
        return RedirectToPage();
    }

    private async Task<IActionResult> FailedAsync(MailboxOutcome outcome, CancellationToken ct)
    {
        Mailbox = await accounts.FindAsync(User.Id(), ct);
        MailboxForm.AddErrors(ModelState, nameof(Input), outcome, t);
        if (outcome.Problem != MailboxProblem.None)
            ModelState.AddModelError("", MailboxProblemText.NotSaved(outcome, t, labels));
        return Page();
    }
}
