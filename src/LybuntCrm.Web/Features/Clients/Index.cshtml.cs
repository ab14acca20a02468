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
    public const string BulkUndoKey = "BulkUndo";

    [BindProperty] public BulkForm Bulk { get; set; } = new();

    /// <summary>Set when a bulk action stopped: its error, or the clients it would leave out (to confirm).</summary>
    public BulkEditOutcome? BulkStopped { get; private set; }

    public sealed class BulkForm
    {
        public List<int> Ids { get; set; } = [];
        /// <summary>True: every client matching the list's search and filters, not only the ticked rows.</summary>
        public bool All { get; set; }
        public BulkEditAction? Action { get; set; }
        public int? CadenceDays { get; set; }
        public Channel? Channel { get; set; }
        public string? Reason { get; set; }
        public string? ToUserId { get; set; }
        public string? Note { get; set; }
        /// <summary>The user saw which selected clients are not theirs and chose to go on without them.</summary>
        public bool LeaveOutRefused { get; set; }
    }

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
    public IReadOnlyList<OwnerOption> ActiveUsers { get; private set; } = [];
    public bool HasAnyClient { get; private set; }
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Search) || Status is not null || Stage is not null || !string.IsNullOrEmpty(Owner);

    public sealed record OwnerOption(string Id, string Name);

    public async Task<IActionResult> OnPostBulkAsync(CancellationToken ct)
    {
        var selection = Bulk.All ? new BulkSelection([], Query()) : new BulkSelection(Bulk.Ids);
        BulkEditOutcome outcome;
        if (Bulk.Action is not { } action) outcome = BulkEditOutcome.Invalid(t["Choose what to do with the selected clients."]);
        else if (!Bulk.All && Bulk.Ids.Count == 0) outcome = BulkEditOutcome.Invalid(t["Tick the clients to change, or choose all that match."]);
        else
        {
            var value = action switch
            {
                BulkEditAction.SetCadence => Bulk.CadenceDays?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                BulkEditAction.SetChannel => Bulk.Channel?.ToString(),
                BulkEditAction.DoNotContact => TextInput.Clean(Bulk.Reason)?.Trim(),
                _ => Bulk.ToUserId,
            };
            outcome = await bulk.ApplyAsync(selection, action, value, Bulk.Note, User, Bulk.LeaveOutRefused, ct);
        }
        if (outcome.Token is null)
        {
            BulkStopped = outcome;
            await OnGetAsync(ct);
            return Page();
        }
        TempData["Flash"] = Bulk.Action switch
        {
            BulkEditAction.SetCadence => t["Set the check-in cadence of {0} clients to {1} days.", f.Number(outcome.Changed), f.Number(Bulk.CadenceDays ?? 0)].Value,
            BulkEditAction.SetChannel => t["Set the preferred channel of {0} clients to {1}.", f.Number(outcome.Changed), EnumLabels.Label(t, Bulk.Channel!.Value)].Value,
            BulkEditAction.DoNotContact => t["Marked {0} clients do-not-contact.", f.Number(outcome.Changed)].Value,
            _ => t["Reassigned {0} clients to {1}.", f.Number(outcome.Changed),
                await db.Users.Where(u => u.Id == Bulk.ToUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? ""].Value,
        };
        TempData[BulkUndoKey] = outcome.Token;
        return Redirect(Link());
    }

    public async Task<IActionResult> OnPostBulkUndoAsync(string? token, CancellationToken ct)
    {
        var undone = await bulk.UndoAsync(token, User, ct);
        TempData["Flash"] = undone.Result switch
        {
            Today.FollowUpUndoResult.Undone => t["Undone: {0} clients are back as they were.", f.Number(undone.Restored)].Value,
            Today.FollowUpUndoResult.AlreadyUndone => t["That was already undone."].Value,
            Today.FollowUpUndoResult.TooLate => t["Too late to undo: an action can be undone for {0} minutes.", f.Number((int)BulkEdit.Window.TotalMinutes)].Value,
            Today.FollowUpUndoResult.Changed => t["Not undone: these clients were changed since: {0}. Nothing was changed.", string.Join(", ", undone.ChangedNames)].Value,
            _ => t["There is nothing to undo."].Value,
        };
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
            .Select(u => new OwnerOption(u.Id, u.DisplayName)).ToListAsync(ct);
    }

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
