using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Clients;

public enum ClientSort { Name, LastPurchase, NextCheckIn }

/// <summary>What the client list is asked for: search, filters (a tag among them, by name), sort and a keyset cursor.</summary>
public sealed record ClientListQuery(
    string? Search, ClientStatus? Status, LifecycleStage? Stage, string? OwnerId, ClientSort Sort,
    string? After, string? Before, int PageSize = ClientList.DefaultPageSize, string? Tag = null);

/// <summary>A row of the list; <paramref name="SortKey"/> places it in name order (<see cref="Client.SortKey"/>).</summary>
public sealed record ClientListRow(
    int Id, string Name, ClientStatus Status, LifecycleStage Stage, string? OwnerName,
    DateOnly? LastPurchaseOn, DateOnly? NextCheckInOn, RetentionFlag RetentionFlag, string SortKey);

public sealed record ClientListPage(IReadOnlyList<ClientListRow> Rows, string? NextCursor, string? PreviousCursor, int CappedCount);

/// <summary>
/// The client list with keyset paging: every page is "the next N rows after this (sort value, id)", so deep pages cost
/// what the first one does (no OFFSET). Name order is the stored <see cref="Client.SortKey"/> and the id; sorts on
/// nullable dates keep the rows without a date at the end, as a second segment of the same order. The count stops at
/// <see cref="CountCap"/> so it never scans a million rows.
/// </summary>
public static class ClientList
{
    public const int DefaultPageSize = 25;
    public const int CountCap = 1000;

    /// <summary>
    /// A position in the order: the sort value of a row (its sort key in name order, its date otherwise; null for rows
    /// without a date) and its id.
    /// </summary>
    public readonly record struct Cursor(string? Value, int Id)
    {
        public string Encode() => (Value ?? "~") + "_" + Id.ToString(CultureInfo.InvariantCulture);

        public static Cursor? Decode(string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            var split = text.LastIndexOf('_');
            if (split < 0 || !int.TryParse(text.AsSpan(split + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return null;
            var value = text[..split];
            return new Cursor(value == "~" ? null : value, id);
        }
    }

    private static bool IsFilteredBeyondSearch(ClientListQuery q) =>
        q.Status is not null || q.Stage is not null || !string.IsNullOrEmpty(q.OwnerId) || !string.IsNullOrEmpty(q.Tag);

    public static IQueryable<Client> Filtered(CrmDbContext db, ClientListQuery q)
    {
        var clients = db.Clients.AsNoTracking();
        if (q.Status is { } status) clients = clients.Where(c => c.Status == status);
        if (q.Stage is { } stage) clients = clients.Where(c => c.Stage == stage);
        if (!string.IsNullOrEmpty(q.OwnerId)) clients = clients.Where(c => c.OwnerId == q.OwnerId);
        if (!string.IsNullOrEmpty(q.Tag)) clients = clients.Where(HasTag(db, TagNames.Normalize(q.Tag)));
        return clients;
    }

    /// <summary>Clients carrying the tag of this folded name: an index lookup of the tag, then of its clients.</summary>
    private static Expression<Func<Client, bool>> HasTag(CrmDbContext db, string normalizedTag) =>
        c => db.ClientTags.Any(x => x.ClientId == c.Id && x.Tag!.NormalizedName == normalizedTag);

    public static async Task<ClientListPage> LoadAsync(CrmDbContext db, ClientListQuery q, CancellationToken ct)
    {
        var filtered = Filtered(db, q);
        var search = await ClientSearchIndex.PlanAsync(db, q.Search, CountCap, ct);
        // With no other filter the index read may already have told the count: no second read.
        var count = search.KnownCount(CountCap) is { } known && !IsFilteredBeyondSearch(q)
            ? known
            : await search.ApplyForCount(db, filtered).Select(c => c.Id).Take(CountCap + 1).CountAsync(ct);
        var size = Math.Clamp(q.PageSize, 1, 200);
        var before = Cursor.Decode(q.Before);
        var after = before is null ? Cursor.Decode(q.After) : null;
        var forward = before is null;
        var from = before ?? after;

        // One more than a page tells whether there is another page in the direction we walk.
        var rows = search.IsBroad && q.Sort == ClientSort.Name && !IsFilteredBeyondSearch(q)
            ? await NameWindowsAsync(db, search, filtered, from, forward, size + 1, ListRow, ct)
            : await WalkAsync(search.Apply(db, filtered), q.Sort, from, forward, size + 1, ListRow, ct);
        var more = rows.Count > size;
        if (more) rows.RemoveAt(rows.Count - 1);
        if (!forward) rows.Reverse();

        string? next = null, previous = null;
        if (rows.Count > 0)
        {
            var hasNext = forward ? more : true;
            var hasPrevious = forward ? from is not null : more;
            if (hasNext) next = KeyOf(rows[^1], q.Sort).Encode();
            if (hasPrevious) previous = KeyOf(rows[0], q.Sort).Encode();
        }

        return new ClientListPage(rows, next, previous, count);
    }

    /// <summary>
    /// Every row of the list, in the list's order, a page of <paramref name="pageSize"/> at a time: the same search, filters,
    /// sort and keyset walk as the pages people see, so an export holds exactly what paging through the list would show,
    /// and memory holds one page whatever the length of the list. The search index is read once.
    /// </summary>
    public static IAsyncEnumerable<IReadOnlyList<ClientListRow>> AllPagesAsync(CrmDbContext db, ClientListQuery q, int pageSize, CancellationToken ct) =>
        AllPagesAsync(db, q, pageSize, ListRow, row => row, ct);

    /// <summary>
    /// <see cref="AllPagesAsync(CrmDbContext, ClientListQuery, int, CancellationToken)"/> with more columns: each page is one
    /// query projected by <paramref name="projection"/>, whose rows carry the list row (<paramref name="listRow"/>) that
    /// places them in the order.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<TRow>> AllPagesAsync<TRow>(CrmDbContext db, ClientListQuery q, int pageSize,
        Expression<Func<Client, TRow>> projection, Func<TRow, ClientListRow> listRow, [EnumeratorCancellation] CancellationToken ct)
    {
        var filtered = Filtered(db, q);
        var search = await ClientSearchIndex.PlanAsync(db, q.Search, CountCap, ct);
        var byNameWindows = search.IsBroad && q.Sort == ClientSort.Name && !IsFilteredBeyondSearch(q);
        Cursor? from = null;
        while (true)
        {
            var rows = byNameWindows
                ? await NameWindowsAsync(db, search, filtered, from, forward: true, pageSize, projection, ct)
                : await WalkAsync(search.Apply(db, filtered), q.Sort, from, forward: true, pageSize, projection, ct);
            if (rows.Count > 0) yield return rows;
            if (rows.Count < pageSize) yield break;
            from = KeyOf(listRow(rows[^1]), q.Sort);
        }
    }

    private static Cursor KeyOf(ClientListRow row, ClientSort sort) => sort switch
    {
        ClientSort.LastPurchase => new Cursor(row.LastPurchaseOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.Id),
        ClientSort.NextCheckIn => new Cursor(row.NextCheckInOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.Id),
        _ => new Cursor(row.SortKey, row.Id),
    };

    /// <summary>Up to <paramref name="take"/> rows from the cursor on, in the page order (forward) or against it (backward).</summary>
    private static async Task<List<TRow>> WalkAsync<TRow>(IQueryable<Client> clients, ClientSort sort, Cursor? from, bool forward, int take,
        Expression<Func<Client, TRow>> projection, CancellationToken ct)
    {
        switch (sort)
        {
            case ClientSort.Name:
                return await InNameOrder(clients, from, forward).Select(projection).Take(take).ToListAsync(ct);
            case ClientSort.NextCheckIn:
                return await TwoSegmentsAsync(clients, from, forward, take, ByNextCheckIn, projection, ct);
            default:
                return await TwoSegmentsAsync(clients, from, forward, take, ByLastPurchase, projection, ct);
        }
    }

    /// <summary>The rows beyond the cursor in name order (forward) or against it.</summary>
    private static IQueryable<Client> InNameOrder(IQueryable<Client> q, Cursor? from, bool forward)
    {
        if (from is { } f)
        {
            var key = f.Value ?? "";
            // (SortKey, Id) beyond (key, id); the first half alone is a range of the (SortKey, Id) index.
            q = forward
                ? q.Where(c => string.Compare(c.SortKey, key) >= 0 && (string.Compare(c.SortKey, key) > 0 || c.Id > f.Id))
                : q.Where(c => string.Compare(c.SortKey, key) <= 0 && (string.Compare(c.SortKey, key) < 0 || c.Id < f.Id));
        }
        return forward ? q.OrderBy(c => c.SortKey).ThenBy(c => c.Id) : q.OrderByDescending(c => c.SortKey).ThenByDescending(c => c.Id);
    }

    /// <summary>
    /// A broad search in name order: the index hands out matches bucket by bucket of names (see
    /// <see cref="ClientSearchIndex.RowKeySql"/>), so the page is found among the matches nearest the cursor, a window of
    /// whole buckets at a time, instead of walking the name index past every client that does not match. The window grows
    /// while too few of its matches remain after the short words and the cursor.
    /// </summary>
    private static async Task<List<TRow>> NameWindowsAsync<TRow>(CrmDbContext db, ClientSearch search, IQueryable<Client> clients,
        Cursor? from, bool forward, int take, Expression<Func<Client, TRow>> projection, CancellationToken ct)
    {
        var result = new List<TRow>(take);
        var edge = from is { } f ? await ClientSearchIndex.BucketEdgeAsync(db, f.Value ?? "", forward, ct) : forward ? 0 : long.MaxValue;
        var probe = 2 * take;
        while (result.Count < take && await search.NextWindowAsync(db, edge, forward, probe, ct) is { } window)
        {
            var q = InNameOrder(search.ApplyInWindow(db, clients, window), from, forward);
            result.AddRange(await q.Select(projection).Take(take - result.Count).ToListAsync(ct));
            if (window.IsLast) break;
            edge = forward ? window.High + 1 : window.Low - 1;
            probe *= 2;
        }
        return result;
    }

    /// <summary>
    /// Order = rows with a date (by date, then id, ascending or descending), then rows without one (by id, same
    /// direction). Walks that order, or its reverse, from a cursor with at most two index range scans.
    /// </summary>
    private static async Task<List<TRow>> TwoSegmentsAsync<TRow>(IQueryable<Client> clients, Cursor? from, bool forward, int take,
        DateSort sort, Expression<Func<Client, TRow>> projection, CancellationToken ct)
    {
        DateOnly? fromDate = null;
        if (from?.Value is { } v)
        {
            // A cursor from another sort or edited by hand: start from the beginning instead of failing.
            if (!DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) from = null;
            else fromDate = day;
        }
        var ascending = sort.Ascending;
        // Walking up the dates (forward with ascending, or backward with descending) or down them.
        var up = forward == ascending;
        var result = new List<TRow>(take);

        async Task DatedAsync()
        {
            var seg = clients.Where(sort.Dated);
            if (fromDate is { } d) seg = seg.Where(up ? sort.Above(d, from!.Value.Id) : sort.Below(d, from!.Value.Id));
            seg = up ? seg.OrderBy(sort.Key).ThenBy(c => c.Id) : seg.OrderByDescending(sort.Key).ThenByDescending(c => c.Id);
            result.AddRange(await seg.Select(projection).Take(take - result.Count).ToListAsync(ct));
        }

        async Task UndatedAsync(bool idsUp)
        {
            var seg = clients.Where(sort.Undated);
            if (from is { Value: null } f) seg = idsUp ? seg.Where(c => c.Id > f.Id) : seg.Where(c => c.Id < f.Id);
            seg = idsUp ? seg.OrderBy(c => c.Id) : seg.OrderByDescending(c => c.Id);
            result.AddRange(await seg.Select(projection).Take(take - result.Count).ToListAsync(ct));
        }

        if (forward)
        {
            // A cursor among the undated rows has left the dated ones behind.
            if (from is null || fromDate is not null) await DatedAsync();
            if (result.Count < take) await UndatedAsync(idsUp: ascending);
        }
        else
        {
            if (from is { Value: null }) await UndatedAsync(idsUp: !ascending);
            if (result.Count < take) await DatedAsync();
        }
        return result;
    }

    /// <summary>
    /// A sort on a nullable date, written out as plain lambdas: which rows have a date, the date itself, and the keyset
    /// bounds "(date, id) above / below (d, id)" whose first half is a range of the date's index.
    /// </summary>
    private sealed record DateSort(
        bool Ascending,
        Expression<Func<Client, DateOnly?>> Key,
        Expression<Func<Client, bool>> Dated,
        Expression<Func<Client, bool>> Undated,
        Func<DateOnly, int, Expression<Func<Client, bool>>> Above,
        Func<DateOnly, int, Expression<Func<Client, bool>>> Below);

    /// <summary>Soonest first; clients without a next check-in come last.</summary>
    private static readonly DateSort ByNextCheckIn = new(
        Ascending: true,
        c => c.NextCheckInOn,
        c => c.NextCheckInOn != null,
        c => c.NextCheckInOn == null,
        (d, id) => c => c.NextCheckInOn >= d && (c.NextCheckInOn > d || c.Id > id),
        (d, id) => c => c.NextCheckInOn <= d && (c.NextCheckInOn < d || c.Id < id));

    /// <summary>Most recent purchase first; clients who never bought come last.</summary>
    private static readonly DateSort ByLastPurchase = new(
        Ascending: false,
        c => c.LastPurchaseOn,
        c => c.LastPurchaseOn != null,
        c => c.LastPurchaseOn == null,
        (d, id) => c => c.LastPurchaseOn >= d && (c.LastPurchaseOn > d || c.Id > id),
        (d, id) => c => c.LastPurchaseOn <= d && (c.LastPurchaseOn < d || c.Id < id));

    /// <summary>What a row of the list shows; a projection with more columns carries it (<see cref="AllPagesAsync{TRow}"/>).</summary>
    public static readonly Expression<Func<Client, ClientListRow>> ListRow =
        c => new ClientListRow(c.Id, c.Name, c.Status, c.Stage, c.Owner!.DisplayName, c.LastPurchaseOn, c.NextCheckInOn, c.RetentionFlag, c.SortKey);
}
