namespace LybuntCrm.Web.Domain;

/// <summary>An organisation or person who buys, or may buy.</summary>
public class Client
{
    public const int DefaultCadenceDays = 120;
    public const int MinCadenceDays = 7;
    public const int MaxCadenceDays = 730;
    public const int PostalAddressMaxLength = 500;

    public int Id { get; set; }
    /// <summary>Setting the name sets <see cref="SortKey"/> too, so every way of naming a client keeps the list order.</summary>
    public string Name
    {
        get;
        set
        {
            field = value;
            SortKey = Infrastructure.SearchText.SortKeyOf(value);
        }
    } = "";

    /// <summary>
    /// Where the client stands in the list's name order: the folded name (case, diacritics and letter forms do not
    /// matter), compared as plain text, with the id breaking ties. Stored and indexed, so a page is one index range.
    /// </summary>
    public string SortKey { get; set; } = "";
    public ClientStatus Status { get; set; } = ClientStatus.Client;
    public LifecycleStage Stage { get; set; } = LifecycleStage.Purchased;
    public string OwnerId { get; set; } = "";
    public AppUser? Owner { get; set; }
    public int CadenceDays { get; set; } = DefaultCadenceDays;
    public Channel PreferredChannel { get; set; } = Channel.Email;
    public bool DoNotContact { get; set; }
    public string? DoNotContactReason { get; set; }
    public string? LetGoReason { get; set; }
    public DateOnly? LetGoOn { get; set; }
    public string? ExternalId { get; set; }
    /// <summary>The client's own email domain (ASCII, lower case): mail from or to any address there is theirs.</summary>
    public string? EmailDomain { get; set; }
    public int? ReferredById { get; set; }
    public Client? ReferredBy { get; set; }
    public decimal? ExpectedValue { get; set; }
    public decimal? AcquisitionCost { get; set; }
    /// <summary>A prospect review chose to revisit on this date: until then the client stays out of every schedule.</summary>
    public DateOnly? RevisitOn { get; set; }
    public string? Notes { get; set; }
    /// <summary>Where letters and cards go: free text over several lines, written the way the country writes it.</summary>
    public string? PostalAddress { get; set; }
    /// <summary>The import run that created this client, so that the run can be undone.</summary>
    public int? ImportRunId { get; set; }
    /// <summary>Set when this client was merged into another: it is hidden everywhere until the merge is undone.</summary>
    public int? MergedIntoId { get; set; }
    public DateOnly CreatedOn { get; set; }
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Normalised text of the client, its contacts and their emails/phones, kept for search.</summary>
    public string SearchText { get; set; } = "";

    // Derived facts kept current by the code that changes purchases and touchpoints, and by nightly jobs.
    public DateOnly? FirstPurchaseOn { get; set; }
    public DateOnly? LastPurchaseOn { get; set; }
    /// <summary>Last reached (<see cref="ClientTimeline"/>): the last touchpoint that reached the client; the cadence counts from it.</summary>
    public DateOnly? LastContactOn { get; set; }
    public DateOnly? NextCheckInOn { get; set; }

    public RetentionFlag RetentionFlag { get; set; }
    public decimal LastYearTotal { get; set; }
    public DateOnly? FirstFlaggedOn { get; set; }
    public int? FlaggedFiscalYear { get; set; }
    public DateOnly? RecoveredOn { get; set; }
    /// <summary>The list the client was on when it last came back (LYBUNT or SYBUNT).</summary>
    public RetentionFlag? RecoveredFrom { get; set; }

    public List<Contact> Contacts { get; set; } = [];
    public List<Purchase> Purchases { get; set; } = [];
    public List<Touchpoint> Touchpoints { get; set; } = [];
    public List<KeyDate> KeyDates { get; set; } = [];

    /// <summary>Clients that may be contacted by the schedules (<see cref="ClientRules.Contactable"/>).</summary>
    public bool IsContactable => ClientRules.IsContactable(this);
}
