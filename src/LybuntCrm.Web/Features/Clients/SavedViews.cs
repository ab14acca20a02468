using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// Saved views of the client list. A private view is its maker's alone; a shared one is listed for everyone, and a manager
/// who opens a view someone else shared sees their own clients in it (the view is a way of looking at a book of clients,
/// and each manager's book is theirs). Makers rename and delete their views; admins may also delete shared ones.
/// </summary>
public sealed class SavedViews(CrmDbContext db, IClock clock, Audit audit, IStringLocalizer<SharedResource> t)
{
    public async Task<IReadOnlyList<SavedViewRow>> VisibleAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var me = user.Id();
        return await db.SavedViews.AsNoTracking().Where(v => v.OwnerId == me || v.IsShared)
            .OrderBy(v => v.Name).ThenBy(v => v.Id)
            .Select(v => new SavedViewRow(v.Id, v.Name, v.IsShared, v.OwnerId == me, v.Owner!.DisplayName, v.Query))
            .ToListAsync(ct);
    }

    /// <summary>The view when this user may open it (theirs, or shared); null otherwise.</summary>
    public static Task<SavedView?> FindVisibleAsync(CrmDbContext db, int id, string userId, CancellationToken ct) =>
        db.SavedViews.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && (v.OwnerId == userId || v.IsShared), ct);

    /// <summary>
    /// The owner filter a user's opening of the view imposes: their own id when a manager opens a view shared by someone
    /// else, none otherwise (the view's own filters apply).
    /// </summary>
    public static string? ScopedOwner(SavedView view, string userId, bool admin) =>
        view.IsShared && view.OwnerId != userId && !admin ? userId : null;

    /// <summary>The list's query when this user opens the view.</summary>
    public static ClientListQuery QueryFor(SavedView view, string userId, bool admin, int pageSize = ClientList.DefaultPageSize) =>
        SavedViewQuery.ToListQuery(view.Query, ScopedOwner(view, userId, admin), pageSize);

    /// <summary>Every client matching a list query (its search and filters, not its page): a query to compose, never loaded.</summary>
    public static async Task<IQueryable<Client>> MatchingAsync(CrmDbContext db, ClientListQuery query, CancellationToken ct)
    {
        var search = await ClientSearchIndex.PlanAsync(db, query.Search, ClientList.CountCap, ct);
        return search.Apply(db, ClientList.Filtered(db, query));
    }

    /// <summary>
    /// The clients of the view a user chose for their digest or calendar, as that user sees them (null: no view chosen, or it
    /// is no longer one they can open).
    /// </summary>
    public static async Task<(SavedView View, IQueryable<Client> Clients)?> ChosenAsync(CrmDbContext db, int? viewId, string userId,
        CancellationToken ct)
    {
        if (viewId is not { } id || await FindVisibleAsync(db, id, userId, ct) is not { } view) return null;
        return (view, await MatchingAsync(db, QueryFor(view, userId, admin: false), ct));
    }

    public async Task<(int? Id, string? Error)> SaveAsync(string? name, bool shared, string? queryString, ClaimsPrincipal user, CancellationToken ct)
    {
        var cleaned = TextInput.Clean(name);
        if (Invalid(cleaned) is { } error) return (null, error);
        var view = new SavedView
        {
            Name = cleaned!,
            OwnerId = user.Id(),
            IsShared = shared,
            Query = SavedViewQuery.Normalize(queryString),
            CreatedAtUtc = clock.UtcNow,
        };
        db.SavedViews.Add(view);
        await db.SaveChangesAsync(ct);
        await audit.RecordNowAsync("view.saved", nameof(SavedView), view.Id, $"{(shared ? "shared" : "private")} {view.Query}", user);
        return (view.Id, null);
    }

    /// <summary>Renames the user's own view and sets whether the team shares it; the error to show, or null.</summary>
    public async Task<string?> UpdateAsync(int id, string? name, bool shared, ClaimsPrincipal user, CancellationToken ct)
    {
        var cleaned = TextInput.Clean(name);
        if (Invalid(cleaned) is { } error) return error;
        var me = user.Id();
        var changed = await db.SavedViews.Where(v => v.Id == id && v.OwnerId == me)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Name, cleaned!).SetProperty(v => v.IsShared, shared), ct);
        if (changed == 0) return t["That view is not yours to change."].Value;
        if (!shared) await ForgetElsewhereAsync(id, me, ct);
        await audit.RecordNowAsync("view.changed", nameof(SavedView), id, shared ? "shared" : "private", user);
        return null;
    }

    /// <summary>Deletes the user's own view, or (for an admin) a shared one; false when neither.</summary>
    public async Task<bool> DeleteAsync(int id, ClaimsPrincipal user, CancellationToken ct)
    {
        var me = user.Id();
        var admin = user.IsAdmin();
        var deleted = await db.InTransactionAsync(async () =>
        {
            // The users' choices point at the view with ON DELETE SET NULL; cleared first so both providers behave alike.
            var mayDelete = db.SavedViews.Where(v => v.Id == id && (v.OwnerId == me || (admin && v.IsShared)));
            if (!await mayDelete.AnyAsync(ct)) return false;
            await ForgetElsewhereAsync(id, null, ct);
            return await mayDelete.ExecuteDeleteAsync(ct) > 0;
        }, ct);
        if (deleted) await audit.RecordNowAsync("view.deleted", nameof(SavedView), id, null, user);
        return deleted;
    }

    /// <summary>
    /// Sets the views behind the user's digest section and calendar feed (null: none); a view the user cannot open is
    /// refused with the error to show.
    /// </summary>
    public async Task<string?> UseAsync(int? digestViewId, int? calendarViewId, ClaimsPrincipal user, CancellationToken ct)
    {
        var me = user.Id();
        foreach (var id in new[] { digestViewId, calendarViewId })
            if (id is { } viewId && await FindVisibleAsync(db, viewId, me, ct) is null) return t["Choose one of the views in the list."].Value;
        await db.Users.Where(u => u.Id == me)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.DigestViewId, digestViewId).SetProperty(u => u.CalendarViewId, calendarViewId), ct);
        await audit.RecordNowAsync("view.used", nameof(AppUser), me, $"digest {digestViewId} calendar {calendarViewId}", user);
        return null;
    }

    /// <summary>The views chosen for the user's digest section and calendar feed.</summary>
    public async Task<(int? Digest, int? Calendar)> InUseAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var me = user.Id();
        var row = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => new { u.DigestViewId, u.CalendarViewId }).FirstAsync(ct);
        return (row.DigestViewId, row.CalendarViewId);
    }

    /// <summary>Other users stop using a view that is gone or no longer shared (all users but <paramref name="keepFor"/>).</summary>
    private async Task ForgetElsewhereAsync(int id, string? keepFor, CancellationToken ct)
    {
        await db.Users.Where(u => u.DigestViewId == id && u.Id != keepFor).ExecuteUpdateAsync(s => s.SetProperty(u => u.DigestViewId, (int?)null), ct);
        await db.Users.Where(u => u.CalendarViewId == id && u.Id != keepFor).ExecuteUpdateAsync(s => s.SetProperty(u => u.CalendarViewId, (int?)null), ct);
    }

    private string? Invalid(string? cleaned) =>
        cleaned is null ? t["Give the view a name."].Value
        : cleaned.Length > SavedView.NameMaxLength ? t["Keep the name under {0} characters.", SavedView.NameMaxLength].Value
        : null;
}
