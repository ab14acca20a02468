using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Import;

/// <summary>A purchase row checked and waiting for its chunk to be written: a new one, or a change to <see cref="UpdateId"/>.</summary>
internal struct PendingPurchase
{
    /// <summary>The client's id, or a negative placeholder for a client the run creates.</summary>
    public int ClientId;
    public int Date;
    public decimal Amount;
    public string Currency;
    public string? Reference;
    public PurchaseStatus Status;
    public int UpdateId;
}
