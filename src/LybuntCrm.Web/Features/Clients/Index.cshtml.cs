using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>All clients: search, filter, sort and page through them.</summary>
public sealed class IndexModel(CrmDbContext db, ClientBulkEdits bulk, ClientTagging tagging, SavedViews views, IStringLocalizer<SharedResource> t, DisplayFormat f) : PageModel
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
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }
    /// <summary>The saved view opened: its query replaces the list's own parameters.</summary>
    [BindProperty(SupportsGet = true)] public int? View { get; set; }

    public IReadOnlyList<SavedViewRow> Views { get; private set; } = [];
    public ILookup<int, TagChip> RowTags { get; private set; } = Enumerable.Empty<TagChip>().ToLookup(x => 0);
    public IReadOnlyList<string> TagSuggestions { get; private set; } = [];
    /// <summary>The highlighted view: the one opened, or the one whose query is the list's current one.</summary>
    public int? CurrentViewId { get; private set; }
    /// <summary>True when a manager opened a view someone else shared: it shows their own clients.</summary>
    public bool ViewScopedToMe { get; private set; }
    public string? ViewError { get; private set; }
    public int? DigestViewId { get; private set; }
    public int? CalendarViewId { get; private set; }

    public ClientListPage Result { get; private set; } = new([], null, null, 0);
    public IReadOnlyList<OwnerOption> Owners { get; private set; } = [];
    /// <summary>Who clients can be reassigned to: active users.</summary>
    public IReadOnlyList<BulkBar.Person> ActiveUsers { get; private set; } = [];
    public bool HasAnyClient { get; private set; }
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Search) || Status is not null || Stage is not null || !string.IsNullOrEmpty(Owner)
        || !string.IsNullOrEmpty(Tag);

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

    private ClientListQuery Query() => new(Search?.Trim(), Status, Stage, Owner, Sort, null, null, Tag: TagNames.Clean(Tag));

    public async Task<IActionResult> OnPostSaveViewAsync(string? name, bool shared, string? query, CancellationToken ct)
    {
        var (id, error) = await views.SaveAsync(name, shared, query, User, ct);
        if (error is not null)
        {
            ViewError = error;
            await OnGetAsync(ct);
            return Page();
        }
        TempData["Flash"] = t["View saved."].Value;
        return Redirect($"/Clients?view={id}");
    }

    public async Task<IActionResult> OnPostUpdateViewAsync(int id, string? name, bool shared, CancellationToken ct)
    {
        var error = await views.UpdateAsync(id, name, shared, User, ct);
        TempData["Flash"] = error ?? t["View saved."].Value;
        return Redirect($"/Clients?view={id}");
    }

    public async Task<IActionResult> OnPostDeleteViewAsync(int id, CancellationToken ct)
    {
        TempData["Flash"] = await views.DeleteAsync(id, User, ct) ? t["View deleted."].Value : t["That view is not yours to change."].Value;
        return Redirect("/Clients");
    }

    public async Task<IActionResult> OnPostUseViewsAsync(int? digestViewId, int? calendarViewId, CancellationToken ct)
    {
        TempData["Flash"] = await views.UseAsync(digestViewId, calendarViewId, User, ct) ?? t["Your digest and calendar feed will use these views."].Value;
        return Redirect(Link());
    }

    /// <summary>Applies the opened view's query to the list's parameters (a view this user cannot open shows nothing of it).</summary>
    private async Task OpenViewAsync(CancellationToken ct)
    {
        if (View is not { } id) return;
        var view = await SavedViews.FindVisibleAsync(db, id, User.Id(), ct);
        if (view is null)
        {
            View = null;
            return;
        }
        var q = SavedViews.QueryFor(view, User.Id(), User.IsAdmin());
        (Search, Status, Stage, Owner, Sort, Tag) = (q.Search, q.Status, q.Stage, q.OwnerId, q.Sort, q.Tag);
        ViewScopedToMe = SavedViews.ScopedOwner(view, User.Id(), User.IsAdmin()) is not null;
        CurrentViewId = id;
    }

    /// <summary>The list's current query in a view's stored form.</summary>
    public string CurrentQuery() => SavedViewQuery.Normalize(WithQuery("", [], sort: null));

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
        Tag = TagNames.Clean(Tag);
        await OpenViewAsync(ct);
        Result = await ClientList.LoadAsync(db, new ClientListQuery(Search, Status, Stage, Owner, Sort, After, Before, Tag: Tag), ct);
        RowTags = await tagging.OfClientsAsync(Result.Rows.Select(r => r.Id).ToList(), ct);
        TagSuggestions = await tagging.SuggestionsAsync(ct);
        Views = await views.VisibleAsync(User, ct);
        var current = CurrentQuery();
        CurrentViewId ??= Views.FirstOrDefault(v => v.IsMine && v.Query == current)?.Id;
        (DigestViewId, CalendarViewId) = await views.InUseAsync(User, ct);
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
        ["tag"] = Tag,
    };

    /// <summary>The URL of this list with the same search, filters and sort, at another position.</summary>
    public string Link(string? after = null, string? before = null, ClientSort? sort = null) =>
        WithQuery("/Clients", new Dictionary<string, string?> { ["after"] = after, ["before"] = before, ["view"] = View?.ToString(System.Globalization.CultureInfo.InvariantCulture) }, sort);

    /// <summary>This list filtered by a tag instead (a chip's link): the same search, filters and sort.</summary>
    public string TagLink(string tag) => WithQuery("/Clients", new Dictionary<string, string?> { ["tag"] = tag }, sort: null);

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
            ["tag"] = string.IsNullOrEmpty(Tag) ? null : Tag,
            ["sort"] = (sort ?? Sort) == ClientSort.Name ? null : (sort ?? Sort).ToString(),
        };
        foreach (var (key, value) in extra) query[key] = value;
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path,
            query.Where(kv => kv.Value is not null).Select(kv => new KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>(kv.Key, kv.Value)));
    }
}
