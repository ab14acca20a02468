using System.Text.Json;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>
/// Existing clients a new one looks like, before it is saved: by name (the folded name's words through the search index,
/// then compared as the scan compares them) and by company email domain. The same reasons and score as the nightly scan.
/// An import's rows are matched a batch at a time (<see cref="ForRowsAsync"/>): by phone, email, external id and company
/// domain, one query per kind of key for the whole batch, and by name through <see cref="ClientNameBlocks"/>.
/// </summary>
public sealed class LikelyMatches(CrmDbContext db)
{
    /// <summary>How many clients sharing the name's words are compared at most; more says the words are too common.</summary>
    public const int Candidates = 50;

    /// <summary>At most this many matches are shown for one new client or row, best first.</summary>
    public const int Shown = 5;

    public sealed record Match(int Id, string Name, string? OwnerName, DuplicateReasons Reasons, int NameSimilarity, int Score);

    /// <summary>A row to be imported, its phones in E.164 and its emails normalized.</summary>
    public sealed record Incoming(int Row, string Name, string? ExternalId, IReadOnlyList<string> Emails, IReadOnlyList<string> Phones,
        string? Domain);

    public async Task<IReadOnlyList<Match>> ForNewClientAsync(string name, string? emailDomain, CancellationToken ct)
    {
        var folded = ClientNames.Fold(name);
        var found = new List<(int Id, string Name, string? Owner, string? Domain)>();
        if (folded.Length > 0)
        {
            var search = await ClientSearchIndex.PlanAsync(db, folded, Candidates, ct);
            if (!search.IsBroad)
                found.AddRange((await search.ApplyForCount(db, db.Clients.AsNoTracking()).Take(Candidates)
                        .Select(c => new { c.Id, c.Name, Owner = c.Owner!.DisplayName, c.EmailDomain }).ToListAsync(ct))
                    .Select(c => (c.Id, c.Name, (string?)c.Owner, c.EmailDomain)));
        }
        var companyDomain = emailDomain is { } d && !EmailAddresses.FreeMailDomains.Contains(d) ? d : null;
        if (companyDomain is not null)
            found.AddRange((await db.Clients.AsNoTracking().Where(c => c.EmailDomain == companyDomain).Take(10)
                    .Select(c => new { c.Id, c.Name, Owner = c.Owner!.DisplayName, c.EmailDomain }).ToListAsync(ct))
                .Select(c => (c.Id, c.Name, (string?)c.Owner, c.EmailDomain)));

        return Best(found.DistinctBy(c => c.Id).Select(c => Scored(folded, c.Id, c.Name, c.Owner,
            companyDomain is not null && c.Domain == companyDomain ? DuplicateReasons.SameDomain : DuplicateReasons.None)));
    }

    /// <summary>
    /// The existing clients each row looks like (rows without any are left out). Set-based: one query per kind of key for
    /// the whole batch and one for the candidates' names; a key shared by more clients than the scan compares is left out,
    /// as the scan leaves it out. Clients the run itself created are not matches: they are the rows.
    /// </summary>
    public async Task<Dictionary<int, IReadOnlyList<Match>>> ForRowsAsync(IReadOnlyList<Incoming> rows, ClientNameBlocks names, int? runId,
        CancellationToken ct)
    {
        var result = new Dictionary<int, IReadOnlyList<Match>>();
        if (rows.Count == 0) return result;
        var live = db.Clients.AsNoTracking().Where(c => runId == null || c.ImportRunId == null || c.ImportRunId != runId);

        var phones = rows.SelectMany(r => r.Phones).Distinct().ToList();
        var byPhone = phones.Count == 0 ? [] : Blocks((await (
                from contact in db.Contacts.AsNoTracking()
                join c in live on contact.ClientId equals c.Id
                where EF.Parameter(phones).Contains(contact.Phone!) || EF.Parameter(phones).Contains(contact.ZaloPhone!) || EF.Parameter(phones).Contains(contact.WhatsAppPhone!)
                select new { contact.ClientId, contact.Phone, contact.ZaloPhone, contact.WhatsAppPhone }).ToListAsync(ct))
            .SelectMany(x => new[] { x.Phone, x.ZaloPhone, x.WhatsAppPhone }.OfType<string>().Select(p => (Key: p, x.ClientId))));

        var emails = rows.SelectMany(r => r.Emails).Distinct().ToList();
        var byEmail = emails.Count == 0 ? [] : Blocks((await (
                from contact in db.Contacts.AsNoTracking()
                join c in live on contact.ClientId equals c.Id
                where contact.Email != null && EF.Parameter(emails).Contains(contact.Email.ToLower())
                select new { contact.ClientId, contact.Email }).ToListAsync(ct))
            .Select(x => (Key: x.Email!.ToLowerInvariant(), x.ClientId)));

        var externalIds = rows.Where(r => r.ExternalId is not null).Select(r => ExternalKey(r.ExternalId!)).Distinct().ToList();
        var byExternalId = externalIds.Count == 0 ? [] : Blocks((await live
                .Where(c => c.ExternalId != null && EF.Parameter(externalIds).Contains(c.ExternalId.Trim().ToLower()))
                .Select(c => new { c.Id, c.ExternalId }).ToListAsync(ct))
            .Select(x => (Key: ExternalKey(x.ExternalId!), ClientId: x.Id)));

        var domains = rows.Where(r => r.Domain is not null).Select(r => r.Domain!).Distinct().ToList();
        var byDomain = domains.Count == 0 ? [] : Blocks((await live
                .Where(c => c.EmailDomain != null && EF.Parameter(domains).Contains(c.EmailDomain))
                .Select(c => new { c.Id, c.EmailDomain }).ToListAsync(ct))
            .Select(x => (Key: x.EmailDomain!, ClientId: x.Id)));

        var found = new List<(Incoming Row, string Folded, Dictionary<int, DuplicateReasons> Clients)>();
        foreach (var row in rows)
        {
            var clients = new Dictionary<int, DuplicateReasons>();
            void Add(Dictionary<string, List<int>> blocks, string? key, DuplicateReasons reason)
            {
                if (key is null || !blocks.TryGetValue(key, out var ids)) return;
                foreach (var id in ids) clients[id] = clients.GetValueOrDefault(id) | reason;
            }
            foreach (var phone in row.Phones) Add(byPhone, phone, DuplicateReasons.SamePhone);
            foreach (var email in row.Emails) Add(byEmail, email, DuplicateReasons.SameEmail);
            Add(byExternalId, row.ExternalId is null ? null : ExternalKey(row.ExternalId), DuplicateReasons.SameExternalId);
            Add(byDomain, row.Domain, DuplicateReasons.SameDomain);
            var folded = ClientNames.Fold(row.Name);
            foreach (var id in names.Candidates(folded)) clients.TryAdd(id, DuplicateReasons.None);
            if (clients.Count > 0) found.Add((row, folded, clients));
        }
        if (found.Count == 0) return result;

        var candidateIds = found.SelectMany(f => f.Clients.Keys).Distinct().ToList();
        var known = await live.Where(c => EF.Parameter(candidateIds).Contains(c.Id))
            .Select(c => new { c.Id, c.Name, Owner = c.Owner!.DisplayName }).ToDictionaryAsync(c => c.Id, ct);
        foreach (var (row, folded, clients) in found)
        {
            var matches = Best(clients.Where(c => known.ContainsKey(c.Key))
                .Select(c => Scored(folded, c.Key, known[c.Key].Name, known[c.Key].Owner, c.Value)));
            if (matches.Count > 0) result[row.Row] = matches;
        }
        return result;
    }

    /// <summary>Matches as kept with an import's row (<see cref="Domain.ImportLikelyMatch.MatchesJson"/>).</summary>
    public static string ToJson(IReadOnlyList<Match> matches) => JsonSerializer.Serialize(matches, JsonSerializerOptions.Web);

    public static IReadOnlyList<Match> FromJson(string json) =>
        JsonSerializer.Deserialize<List<Match>>(json, JsonSerializerOptions.Web) ?? [];

    /// <summary>External ids compare as the scan compares them: trimmed, lower case.</summary>
    private static string ExternalKey(string externalId) => externalId.Trim().ToLowerInvariant();

    /// <summary>The clients of each key, without the keys too many clients share.</summary>
    private static Dictionary<string, List<int>> Blocks(IEnumerable<(string Key, int ClientId)> pairs) =>
        pairs.GroupBy(p => p.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Ids: g.Select(p => p.ClientId).Distinct().ToList()))
            .Where(g => g.Ids.Count <= DuplicateScan.MaxBlockSize)
            .ToDictionary(g => g.Key, g => g.Ids, StringComparer.Ordinal);

    /// <summary>A candidate's names compared as the scan compares them; null when the pair is not worth a look.</summary>
    private static Match? Scored(string folded, int id, string name, string? owner, DuplicateReasons found)
    {
        var similarity = ClientNames.Similarity(folded, ClientNames.Fold(name));
        var reasons = DuplicateScore.WithName(found, similarity);
        var score = DuplicateScore.Of(reasons, similarity);
        return reasons != DuplicateReasons.None && score >= DuplicateScore.MinimumScore
            ? new Match(id, name, owner, reasons, similarity, score)
            : null;
    }

    private static List<Match> Best(IEnumerable<Match?> matches) =>
        matches.OfType<Match>().OrderByDescending(m => m.Score).ThenBy(m => m.Id).Take(Shown).ToList();
}
