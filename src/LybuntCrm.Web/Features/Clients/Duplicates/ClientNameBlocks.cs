using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>
/// The name blocking keys of every live client (<see cref="ClientNames.BlockingKeys"/>), held in memory for a batch of
/// names to be matched against: read in one pass, so a 10,000-row import asks the database once for names instead of once
/// a row. A key shared by more clients than the scan compares says nothing and is dropped.
/// </summary>
public sealed class ClientNameBlocks
{
    private readonly Dictionary<string, List<int>> _byKey;

    private ClientNameBlocks(Dictionary<string, List<int>> byKey) => _byKey = byKey;

    public static async Task<ClientNameBlocks> ReadAsync(CrmDbContext db, CancellationToken ct)
    {
        var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        await foreach (var client in db.Clients.AsNoTracking().Select(c => new { c.Id, c.Name }).AsAsyncEnumerable().WithCancellation(ct))
            foreach (var key in ClientNames.BlockingKeys(ClientNames.Fold(client.Name)))
            {
                if (!byKey.TryGetValue(key, out var ids)) byKey[key] = ids = [];
                // One more than the limit is enough to know the block is too large.
                if (ids.Count <= DuplicateScan.MaxBlockSize) ids.Add(client.Id);
            }
        return new ClientNameBlocks(byKey);
    }

    /// <summary>The clients sharing a block with the folded name, leaving out blocks the scan would leave out.</summary>
    public IEnumerable<int> Candidates(string folded) =>
        ClientNames.BlockingKeys(folded)
            .SelectMany(key => _byKey.TryGetValue(key, out var ids)
                && ids.Count <= (key.StartsWith("w:", StringComparison.Ordinal) ? DuplicateScan.MaxBlockSize : DuplicateScan.MaxNameBlockSize)
                    ? ids : [])
            .Distinct();
}
