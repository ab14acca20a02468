namespace LybuntCrm.Web.Features.Import;

/// <summary>
/// The purchase import's database side, written per provider for speed: one streaming read of the purchases already
/// there, and the writing of each chunk of checked rows inside the chunk's transaction.
/// </summary>
internal abstract class PurchaseBulkWriter : IDisposable
{
    /// <summary>Every purchase in the database, handed over with its client id and invoice number (or null).</summary>
    public abstract Task ReadExistingAsync(Action<int, string?, ExistingPurchase> add, CancellationToken ct);

    /// <summary>Inserts the new rows and applies the changed ones; negative client ids are looked up in <paramref name="newClientIds"/>.</summary>
    public abstract Task WriteAsync(List<PendingPurchase> chunk, IReadOnlyDictionary<int, int> newClientIds, CancellationToken ct);

    public virtual void Dispose() { }

    protected static int ClientIdOf(PendingPurchase row, IReadOnlyDictionary<int, int> newClientIds) =>
        row.ClientId < 0 ? newClientIds[row.ClientId] : row.ClientId;

    protected const string PurchaseColumns = "\"ClientId\", \"Date\", \"Amount\", \"Currency\", \"Reference\", \"Status\"";
}
