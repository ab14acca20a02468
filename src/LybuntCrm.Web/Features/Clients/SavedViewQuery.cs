using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// The part of the client list's query string a saved view keeps: search, status, stage, owner, tag and sort, each checked
/// as the list reads it. Anything else (a cursor, a parameter the list does not know, a value it would ignore) is dropped,
/// so a stored view holds only what it means and always in the same order.
/// </summary>
public static class SavedViewQuery
{
    public const int SearchMaxLength = 200;

    /// <summary>The stored form ("q=…&amp;tag=…", no leading '?') of a query string as typed or as the page has it.</summary>
    public static string Normalize(string? queryString)
    {
        var parsed = QueryHelpers.ParseQuery(queryString);
        string? Read(string key) => parsed.TryGetValue(key, out var values) ? values.FirstOrDefault() : null;
        var search = TextInput.Clean(Read("q"));
        var tag = TagNames.Clean(Read("tag"));
        var owner = TextInput.Clean(Read("owner"));
        var sort = Known<ClientSort>(Read("sort"));
        var pairs = new List<KeyValuePair<string, StringValues>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value)) pairs.Add(new(key, value));
        }
        Add("q", search is { Length: <= SearchMaxLength } ? search : null);
        Add("status", Known<ClientStatus>(Read("status"))?.ToString());
        Add("stage", Known<LifecycleStage>(Read("stage"))?.ToString());
        Add("owner", owner is { Length: <= 450 } ? owner : null);
        Add("tag", TagNames.IsValid(tag) ? tag : null);
        Add("sort", sort is null or ClientSort.Name ? null : sort.ToString());
        return QueryHelpers.AddQueryString("", pairs).TrimStart('?');
    }

    /// <summary>The list's query for a stored view; <paramref name="ownerId"/>, when given, replaces the view's owner filter.</summary>
    public static ClientListQuery ToListQuery(string stored, string? ownerId = null, int pageSize = ClientList.DefaultPageSize)
    {
        var parsed = QueryHelpers.ParseQuery(Normalize(stored));
        string? Read(string key) => parsed.TryGetValue(key, out var values) ? values.FirstOrDefault() : null;
        return new ClientListQuery(Read("q"), Known<ClientStatus>(Read("status")), Known<LifecycleStage>(Read("stage")),
            ownerId ?? Read("owner"), Known<ClientSort>(Read("sort")) ?? ClientSort.Name, null, null, pageSize, Read("tag"));
    }

    /// <summary>A value of the enum by its name only (no numbers, which <see cref="Enum.TryParse{TEnum}(string?, out TEnum)"/> would take).</summary>
    private static T? Known<T>(string? text) where T : struct, Enum =>
        text is not null && !text.Any(char.IsDigit) && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : null;
}
