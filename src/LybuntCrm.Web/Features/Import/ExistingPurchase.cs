using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Import;

/// <summary>A purchase already in the database, as much of it as tells whether a row changes it.</summary>
internal struct ExistingPurchase
{
    public int Id;
    public int Date;
    public decimal Amount;
    public string Currency;
    public PurchaseStatus Status;
    public int? ImportRunId;
}
