using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Mailboxes;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Admin;

/// <summary>
/// Every connected mailbox and how its sync goes, and the team mailbox (the one managers BCC or forward client mail to),
/// connected here through the same <see cref="MailboxAccounts"/> as a manager's own.
/// </summary>
public sealed class MailboxesModel(MailboxAccounts accounts, IStringLocalizer<SharedResource> t, EnumLabels labels) : PageModel
{
    [BindProperty] public MailboxForm Input { get; set; } = new();
    public IReadOnlyList<MailboxSummary> Rows { get; private set; } = [];
    public MailboxSummary? Team => Rows.FirstOrDefault(r => r.IsTeamMailbox);
    public IReadOnlyList<FolderChoice>? ServerFolders { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rows = await accounts.ListAsync(ct);
        Input = MailboxForm.From(Team);
    }

    /// <summary>Signs in to the team mailbox with its saved settings to offer its folders.</summary>
    public async Task<IActionResult> OnGetFoldersAsync(CancellationToken ct)
    {
        await OnGetAsync(ct);
        if (Team is not { } team) return RedirectToPage();
        var listed = await accounts.ServerFoldersAsync(null, ct);
        if (listed.Succeeded) ServerFolders = FolderChoice.Of(listed, team.Folders);
        else if (listed.Problem != MailboxProblem.None) ModelState.AddModelError("", MailboxProblemText.NoFolders(listed.Problem, listed.ProblemDetail, t, labels));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // A port or security that could not be read is said as it is, never replaced by the default and tried.
        if (!ModelState.IsValid) return await FailedAsync(MailboxOutcome.Invalid([]), ct);
        var outcome = await accounts.SaveAsync(null, Input.ToSettings(), ct);
        if (!outcome.Succeeded) return await FailedAsync(outcome, ct);
        TempData["Flash"] = "The team mailbox is connected. Check the folders to sync.";
        return RedirectToPage(null, "Folders");
    }

    public async Task<IActionResult> OnPostFoldersAsync(List<string> folders, CancellationToken ct)
    {
        var outcome = await accounts.ChooseFoldersAsync(null, folders, ct);
        if (!outcome.Succeeded)
        {
            var result = await FailedAsync(outcome, ct);
            if (Team is not null && outcome.ServerFolders.Count > 0) ServerFolders = FolderChoice.Of(outcome, folders);
            return result;
        }
        TempData["Flash"] = "The folders to sync are saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        if (await accounts.RemoveAsync(null, ct)) TempData["Flash"] = "The team mailbox is removed. The touches it logged stay.";
        else TempData["Flash"] = "No team mailbox is connected.";
        return RedirectToPage();
    }

    private async Task<IActionResult> FailedAsync(MailboxOutcome outcome, CancellationToken ct)
    {
        Rows = await accounts.ListAsync(ct);
        MailboxForm.AddErrors(ModelState, nameof(Input), outcome, t);
        if (outcome.Problem != MailboxProblem.None)
            ModelState.AddModelError("", MailboxProblemText.NotSaved(outcome.Problem, outcome.ProblemDetail, t, labels));
        return Page();
    }
}
