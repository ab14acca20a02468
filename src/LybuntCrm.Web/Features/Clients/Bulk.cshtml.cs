using LybuntCrm.Web.Data;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// Where the bulk bars of Today, LYBUNT and Prospects post (the client list has its own handler over the same service):
/// applies the action and goes back with its message and Undo, or shows why it stopped — an invalid value with the bar to
/// correct it, or the selected clients the user may not change, to leave out once confirmed.
/// </summary>
public sealed class BulkModel(CrmDbContext db, ClientBulkEdits bulk, IStringLocalizer<SharedResource> t, DisplayFormat f) : PageModel
{
    [BindProperty] public BulkForm Bulk { get; set; } = new();
    [BindProperty(SupportsGet = true)] public BulkOrigin From { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    /// <summary>The LYBUNT list and owner whose clients "all that match" means there.</summary>
    [BindProperty] public string? List { get; set; }
    [BindProperty] public string? Owner { get; set; }

    public BulkEditOutcome Stopped { get; private set; } = BulkEditOutcome.Invalid("");
    public BulkBar Bar { get; private set; } = null!;

    public string Back => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/Clients";

    public IActionResult OnGet() => Redirect(Back);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // "All that match" means a filter only where the page has one (LYBUNT); elsewhere the ticked rows are the selection.
        if (From != BulkOrigin.Lybunt) Bulk.All = false;
        var selection = Bulk.All ? new BulkSelection([], AllOnLybuntList: new LybuntListFilter(LybuntLists.Parse(List), string.IsNullOrEmpty(Owner) ? null : Owner))
            : Bulk.FollowUpIds.Count > 0 ? new BulkSelection([], FollowUpIds: Bulk.FollowUpIds)
            : new BulkSelection(Bulk.Ids);
        var outcome = Bulk.Action is { } action && !BulkBar.ActionsOn(From, User.IsAdmin()).Contains(action)
            ? BulkEditOutcome.Invalid(t["Choose what to do with the selected clients."])
            : await bulk.ApplyFormAsync(Bulk, selection, User, ct);
        if (outcome.Token is null)
        {
            Stopped = outcome;
            var people = await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.DisplayName)
                .Select(u => new BulkBar.Person(u.Id, u.DisplayName)).ToListAsync(ct);
            Bar = new BulkBar("/Clients/Bulk", BulkBar.ActionsOn(From, User.IsAdmin()), people, null, Fields(), Bulk);
            return Page();
        }
        TempData["Flash"] = await bulk.DescribeAsync(Bulk, outcome, ct);
        TempData[BulkMessages.UndoKey] = outcome.Token;
        return Redirect(Back);
    }

    public async Task<IActionResult> OnPostUndoAsync(string? token, CancellationToken ct)
    {
        TempData["Flash"] = BulkMessages.Undone(t, f, await bulk.UndoAsync(token, User, ct));
        return Redirect(Back);
    }

    /// <summary>Where the bar came from, sent again with a corrected or confirmed submission.</summary>
    public IReadOnlyDictionary<string, string?> Fields() => new Dictionary<string, string?>
    {
        ["From"] = From.ToString(),
        ["ReturnUrl"] = Back,
        ["List"] = List,
        ["Owner"] = Owner,
    };

    /// <summary>The Undo banner's target on a list: Undo, then back to <paramref name="returnUrl"/>.</summary>
    public static string UndoUrl(string returnUrl) => "/Clients/Bulk?handler=Undo&returnUrl=" + Uri.EscapeDataString(returnUrl);
}
