namespace LybuntCrm.Web.Domain;

public class Purchase
{
    public int Id { get; set; }
    public int ClientId { get; set; }
    public Client? Client { get; set; }
    public DateOnly Date { get; set; }
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "USD";
    /// <summary>Invoice number or other reference from the accounting system.</summary>
    public string? Reference { get; set; }
    public PurchaseStatus Status { get; set; } = PurchaseStatus.Completed;
    public int? ImportRunId { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}
