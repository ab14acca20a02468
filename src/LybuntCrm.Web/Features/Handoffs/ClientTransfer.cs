using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Security;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Handoffs;

public sealed record TransferResult(bool Succeeded, int Moved, IReadOnlyDictionary<string, string> Errors)
{
    public static TransferResult Fail(string field, string message) => new(false, 0, new Dictionary<string, string> { [field] = message });
}

/// <summary>
/// The one way a client changes owner: a hand-off note is written for each client, the owner changes, the client's open
/// follow-ups go to the new owner, re-planned in the new owner's days (<see cref="ClientChanges.OwnersChangedAsync"/>),
/// and the change is audited — all in one transaction. The transfer page and the bulk
/// reassignment page both go through here.
/// </summary>
public sealed class ClientTransfer(CrmDbContext db, IClock clock, Audit audit, ClientChanges changes, IStringLocalizer<SharedResource> t,
    DisplayFormat f)
{
    public const int MinNoteLength = 20;
    public const int MaxNoteLength = 4000;

    /// <param name="clients">The clients to move; the caller has checked the signed-in user may hand them over.</param>
    public async Task<TransferResult> TransferAsync(IQueryable<Client> clients, string toUserId, string? note, ClaimsPrincipal by, CancellationToken ct = default)
    {
        var cleaned = TextInput.Clean(note, multiline: true);
        if (cleaned is null)
            return TransferResult.Fail("Note", t["Write a hand-off note: what was promised, preferences, key dates and the preferred channel."]);
        if (cleaned.Length < MinNoteLength)
            return TransferResult.Fail("Note", t["The hand-off note needs at least {0} characters, so the new owner knows what was promised.", f.Number(MinNoteLength)]);
        if (cleaned.Length > MaxNoteLength)
            return TransferResult.Fail("Note", t["Keep the hand-off note under {0} characters.", f.Number(MaxNoteLength)]);
        var target = await db.Users.AsNoTracking().Where(u => u.Id == toUserId).Select(u => new { u.Id, u.IsActive }).FirstOrDefaultAsync(ct);
        if (target is null || !target.IsActive)
            return TransferResult.Fail("ToUserId", t["Choose an active user as the new owner."]);

        var moving = await clients.Where(c => c.OwnerId != toUserId).Select(c => new { c.Id, c.OwnerId }).ToListAsync(ct);
        if (moving.Count == 0)
            return TransferResult.Fail("ToUserId", t["The new owner already owns the chosen clients."]);

        var ids = moving.Select(m => m.Id).ToList();
        var now = clock.UtcNow;
        await db.InTransactionAsync(async () =>
        {
            // One audit entry per client for a single hand-over; a bulk one is one entry naming the count.
            if (moving.Count == 1) audit.Record("client.owner_changed", "Client", moving[0].Id, $"{moving[0].OwnerId} -> {toUserId}", by);
            else audit.Record("client.owner_changed", "Client", null, $"{moving.Count} clients -> {toUserId}", by);
            await db.SaveChangesAsync(ct);
            // Ids go in chunks so a very large reassignment stays within the database's parameter limits; the database
            // writes each chunk's hand-off notes from the clients themselves, before their owner changes.
            foreach (var chunk in ids.Chunk(500))
            {
                var parameters = new List<object> { toUserId, cleaned, now };
                parameters.AddRange(chunk.Cast<object>());
                var list = string.Join(",", chunk.Select((_, i) => "{" + (i + 3).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}"));
                // Only numbered placeholders are joined in; every value is a parameter.
                var insert = """
                    INSERT INTO "Handoffs" ("ClientId", "FromUserId", "ToUserId", "Note", "CreatedAtUtc")
                    SELECT "Id", "OwnerId", {0}, {1}, {2} FROM "Clients" WHERE "Id" IN (
                    """ + list + ")";
                await db.Database.ExecuteSqlRawAsync(insert, parameters, ct);
                await db.Clients.Where(c => chunk.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.OwnerId, toUserId), ct);
            }
            // Every open follow-up goes with the client, and both lists are planned again at once.
            await changes.OwnersChangedAsync(ids, moving.Select(m => m.OwnerId).Distinct().ToList(), ct);
        }, ct);
        db.ChangeTracker.Clear();
        return new TransferResult(true, moving.Count, new Dictionary<string, string>());
    }

    /// <summary>Who may hand a client over: admins, and the client's current owner.</summary>
    public static bool MayTransfer(ClaimsPrincipal user, string ownerId) => user.CanChangeClientOwnedBy(ownerId);
}

/// <summary>An unacknowledged hand-off for the person who received the client.</summary>
public sealed record PendingHandoff(int Id, int ClientId, string ClientName, string FromName, string Note, DateTime CreatedAtUtc);

/// <summary>Pending hand-offs for the Today page and the client page.</summary>
public static class PendingHandoffs
{
    /// <summary>The hand-offs the user received and has not acknowledged yet, newest first.</summary>
    public static IQueryable<PendingHandoff> ForUser(CrmDbContext db, string userId) =>
        Project(db.Handoffs.Where(h => h.ToUserId == userId && h.AcknowledgedAtUtc == null));

    /// <summary>The user's unacknowledged hand-offs of one client.</summary>
    public static IQueryable<PendingHandoff> ForClient(CrmDbContext db, int clientId, string userId) =>
        Project(db.Handoffs.Where(h => h.ClientId == clientId && h.ToUserId == userId && h.AcknowledgedAtUtc == null));

    private static IQueryable<PendingHandoff> Project(IQueryable<Handoff> handoffs) =>
        handoffs.AsNoTracking()
            .OrderByDescending(h => h.CreatedAtUtc).ThenByDescending(h => h.Id)
            .Select(h => new PendingHandoff(h.Id, h.ClientId, h.Client!.Name, h.FromUser!.DisplayName, h.Note, h.CreatedAtUtc));
}
