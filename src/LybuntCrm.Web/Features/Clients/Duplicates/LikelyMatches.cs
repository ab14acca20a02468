using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>
/// Existing clients a new one looks like, before it is saved: by name (the folded name's words through the search index,
/// then compared as the scan compares them) and by company email domain. The same reasons and score as the nightly scan.
/// </summary>
public sealed class LikelyMatches(CrmDbContext db)
{
    /// <summary>How many clients sharing the name's words are compared at most; more says the words are too common.</summary>
    public const int Candidates = 50;

    public sealed record Match(int Id, string Name, string? OwnerName, DuplicateReasons Reasons, int NameSimilarity, int Score);

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

        return found.DistinctBy(c => c.Id)
            .Select(c =>
            {
                var similarity = ClientNames.Similarity(folded, ClientNames.Fold(c.Name));
                var reasons = DuplicateScore.WithName(companyDomain is not null && c.Domain == companyDomain ? DuplicateReasons.SameDomain : DuplicateReasons.None, similarity);
                return new Match(c.Id, c.Name, c.Owner, reasons, similarity, DuplicateScore.Of(reasons, similarity));
            })
            .Where(m => m.Reasons != DuplicateReasons.None && m.Score >= DuplicateScore.MinimumScore)
            .OrderByDescending(m => m.Score).ThenBy(m => m.Id)
            .Take(5)
            .ToList();
    }
}
