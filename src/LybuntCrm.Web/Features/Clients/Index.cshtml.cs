using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>All clients: search, filter, sort and page through them.</summary>
public sealed class IndexModel(CrmDbContext db, ClientBulkEdits bulk, IStringLocalizer<SharedResource> t, DisplayFormat f) : PageModel
{
    [BindProperty] public BulkForm Bulk { get; set; } = new();

    /// <summary>Set when a bulk action stopped: its error, or the clients it would leave out (to confirm).</summary>
    public BulkEditOutcome? BulkStopped { get; private set; }

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public ClientStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public LifecycleStage? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public string? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public ClientSort Sort { get; set; } = ClientSort.Name;
    [BindProperty(SupportsGet = true)] public string? After { get; set; }
    [BindProperty(SupportsGet = true)] public string? Before { get; set; }

    public ClientListPage Result { get; private set; } = new([], null, null, 0);
    public IReadOnlyList<OwnerOption> Owners { get; private set; } = [];
    /// <summary>Who clients can be reassigned to: active users.</summary>
    public IReadOnlyList<BulkBar.Person> ActiveUsers { get; private set; } = [];
    public bool HasAnyClient { get; private set; }
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Search) || Status is not null || Stage is not null || !string.IsNullOrEmpty(Owner);

    public sealed record OwnerOption(string Id, string Name);

    public async Task<IActionResult> OnPostBulkAsync(CancellationToken ct)
    {
        var selection = Bulk.All ? new BulkSelection([], Query()) : new BulkSelection(Bulk.Ids);
        var outcome = await bulk.ApplyFormAsync(Bulk, selection, User, ct);
        if (outcome.Token is null)
        {
            BulkStopped = outcome;
            await OnGetAsync(ct);
            return Page();
        }
        TempData["Flash"] = await bulk.DescribeAsync(Bulk, outcome, ct);
        TempData[BulkMessages.UndoKey] = outcome.Token;
        return Redirect(Link());
    }

    public async Task<IActionResult> OnPostBulkUndoAsync(string? token, CancellationToken ct)
    {
        TempData["Flash"] = BulkMessages.Undone(t, f, await bulk.UndoAsync(token, User, ct));
        return Redirect(Link());
    }

    private ClientListQuery Query() => new(Search?.Trim(), Status, Stage, Owner, Sort, null, null);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            // A hand-edited query string with an unknown status or sort: show everything rather than an error.
            Status = null;
            Stage = null;
            Sort = ClientSort.Name;
        }
        Search = Search?.Trim();
        Result = await ClientList.LoadAsync(db, new ClientListQuery(Search, Status, Stage, Owner, Sort, After, Before), ct);
        HasAnyClient = Result.Rows.Count > 0 || await db.Clients.AnyAsync(ct);
        Owners = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName)
            .Select(u => new OwnerOption(u.Id, u.DisplayName)).ToListAsync(ct);
        ActiveUsers = await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.DisplayName)
            .Select(u => new BulkBar.Person(u.Id, u.DisplayName)).ToListAsync(ct);
    }

    /// <summary>The list's search and filters, sent with a bulk action so "all that match" means this list.</summary>
    public IReadOnlyDictionary<string, string?> FilterFields() => new Dictionary<string, string?>
    {
        ["q"] = Search,
        ["status"] = Status?.ToString(),
        ["stage"] = Stage?.ToString(),
        ["owner"] = Owner,
    };

    /// <summary>The URL of this list with the same search, filters and sort, at another position.</summary>
    public string Link(string? after = null, string? before = null, ClientSort? sort = null) =>
        WithQuery("/Clients", new Dictionary<string, string?> { ["after"] = after, ["before"] = before }, sort);

    /// <summary>The export of this list as a file (csv or xlsx): the same search, filters and sort, every page.</summary>
    public string ExportLink(string format) => WithQuery("/Clients/Export", new Dictionary<string, string?> { ["format"] = format }, sort: null);

    private string WithQuery(string path, Dictionary<string, string?> extra, ClientSort? sort)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search,
            ["status"] = Status?.ToString(),
            ["stage"] = Stage?.ToString(),
            ["owner"] = string.IsNullOrEmpty(Owner) ? null : Owner,
            ["sort"] = (sort ?? Sort) == ClientSort.Name ? null : (sort ?? Sort).ToString(),
        };
        foreach (var (key, value) in extra) query[key] = value;
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path,
            query.Where(kv => kv.Value is not null).Select(kv => new KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>(kv.Key, kv.Value)));
    }
}
