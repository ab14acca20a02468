using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// Tags on clients: one client at a time from its page, or many at once (<see cref="ClientBulkEdits"/>). A name is found
/// by its folded form, so "VIP" and "vip" are one tag. Nothing the app derives (facts, check-ins, plans) depends on tags,
/// so a tag change has no effects to pass through <c>ClientChanges</c>; it is audited like every other client edit.
/// </summary>
public sealed class ClientTagging(CrmDbContext db, IClock clock, Audit audit, IStringLocalizer<SharedResource> t)
{
    /// <summary>Tags offered as suggestions when typing one: those on at least one client.</summary>
    public const int SuggestionCount = 200;

    /// <summary>Why a typed name cannot be a tag, or null when it can.</summary>
    public string? Invalid(string? cleaned) =>
        cleaned is null ? t["Type the tag to add."].Value
        : cleaned.Length > Tag.MaxLength ? t["Keep a tag under {0} characters.", Tag.MaxLength].Value
        : !TagNames.IsValid(cleaned) ? t["Type the tag to add."].Value
        : null;

    public Task<Tag?> FindAsync(string name, CancellationToken ct)
    {
        var normalized = TagNames.Normalize(name);
        return db.Tags.AsNoTracking().FirstOrDefaultAsync(x => x.NormalizedName == normalized, ct);
    }

    /// <summary>The tag with this folded name, made when there is none yet; two people making it at once get the same one.</summary>
    public async Task<Tag> FindOrCreateAsync(string cleaned, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"Tags\" (\"Name\", \"NormalizedName\", \"CreatedAtUtc\") VALUES ({0}, {1}, {2}) ON CONFLICT (\"NormalizedName\") DO NOTHING",
            [cleaned, TagNames.Normalize(cleaned), clock.UtcNow], ct);
        return (await FindAsync(cleaned, ct))!;
    }

    /// <summary>Puts the tag on these clients (ids known not to have it) in one statement, whatever their number.</summary>
    public Task InsertAsync(int tagId, IReadOnlyCollection<int> clientIds, CancellationToken ct)
    {
        if (clientIds.Count == 0) return Task.CompletedTask;
        var sql = "INSERT INTO \"ClientTags\" (\"ClientId\", \"TagId\", \"AddedAtUtc\") SELECT c.\"Id\", {0}, {1} FROM \"Clients\" c WHERE "
            + db.Dialect.IdIn("c.\"Id\"", "{2}") + " ON CONFLICT (\"ClientId\", \"TagId\") DO NOTHING";
#pragma warning disable EF1003 // the only text added is the dialect's fixed SQL around a parameter placeholder
        return db.Database.ExecuteSqlRawAsync(sql, [tagId, clock.UtcNow, db.Dialect.IdList(clientIds)], ct);
#pragma warning restore EF1003
    }

    /// <summary>Adds a tag to one client; the error to show when the name is not a tag's.</summary>
    public async Task<string?> AddAsync(int clientId, string? name, ClaimsPrincipal user, CancellationToken ct)
    {
        var cleaned = TagNames.Clean(name);
        if (Invalid(cleaned) is { } error) return error;
        await db.InTransactionAsync(async () =>
        {
            var tag = await FindOrCreateAsync(cleaned!, ct);
            if (await db.ClientTags.AnyAsync(x => x.ClientId == clientId && x.TagId == tag.Id, ct)) return;
            await InsertAsync(tag.Id, [clientId], ct);
            audit.Record("client.tag_added", nameof(Client), clientId, $"tag {tag.Id} {tag.Name}", user);
            await db.SaveChangesAsync(ct);
        }, ct);
        return null;
    }

    public async Task RemoveAsync(int clientId, int tagId, ClaimsPrincipal user, CancellationToken ct)
    {
        await db.InTransactionAsync(async () =>
        {
            if (await db.ClientTags.Where(x => x.ClientId == clientId && x.TagId == tagId).ExecuteDeleteAsync(ct) == 0) return;
            audit.Record("client.tag_removed", nameof(Client), clientId, $"tag {tagId}", user);
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>The tags of these clients (a page of the list, one client), by name, in one query.</summary>
    public async Task<ILookup<int, TagChip>> OfClientsAsync(IReadOnlyCollection<int> clientIds, CancellationToken ct)
    {
        var ids = clientIds.ToList();
        var rows = await db.ClientTags.AsNoTracking().Where(x => EF.Parameter(ids).Contains(x.ClientId))
            .OrderBy(x => x.Tag!.Name)
            .Select(x => new { x.ClientId, Chip = new TagChip(x.TagId, x.Tag!.Name) })
            .ToListAsync(ct);
        return rows.ToLookup(r => r.ClientId, r => r.Chip);
    }

    /// <summary>Names to suggest while typing a tag: the tags in use, most used first.</summary>
    public async Task<IReadOnlyList<string>> SuggestionsAsync(CancellationToken ct) =>
        await db.Tags.AsNoTracking()
            .Select(x => new { x.Name, Uses = db.ClientTags.Count(c => c.TagId == x.Id) })
            .Where(x => x.Uses > 0)
            .OrderByDescending(x => x.Uses).ThenBy(x => x.Name)
            .Select(x => x.Name)
            .Take(SuggestionCount)
            .ToListAsync(ct);
}
