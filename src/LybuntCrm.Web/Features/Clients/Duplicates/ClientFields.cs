using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>
/// A client's own fields, the ones a merge lets the user pick between (the rest is derived or moves with the rows). Kept
/// as JSON on <see cref="ClientMerge.KeptBefore"/> so an undo puts the kept client back as it was.
/// </summary>
public sealed record ClientFields(
    string Name, ClientStatus Status, LifecycleStage Stage, string OwnerId, int CadenceDays, Channel PreferredChannel,
    bool DoNotContact, string? DoNotContactReason, string? LetGoReason, DateOnly? LetGoOn, DateOnly? RevisitOn,
    string? ExternalId, string? EmailDomain, int? ReferredById, decimal? ExpectedValue, decimal? AcquisitionCost,
    string? Notes, string? PostalAddress)
{
    /// <summary>The fields a merge offers a choice for, in the order the page shows them.</summary>
    public static readonly IReadOnlyList<string> Choosable =
    [
        nameof(Name), nameof(Status), nameof(Stage), nameof(OwnerId), nameof(CadenceDays), nameof(PreferredChannel), nameof(DoNotContact),
        nameof(ExternalId), nameof(EmailDomain), nameof(ReferredById), nameof(ExpectedValue), nameof(AcquisitionCost), nameof(Notes),
        nameof(PostalAddress),
    ];

    public static ClientFields Of(Client c) => new(c.Name, c.Status, c.Stage, c.OwnerId, c.CadenceDays, c.PreferredChannel,
        c.DoNotContact, c.DoNotContactReason, c.LetGoReason, c.LetGoOn, c.RevisitOn, c.ExternalId, c.EmailDomain, c.ReferredById,
        c.ExpectedValue, c.AcquisitionCost, c.Notes, c.PostalAddress);

    public void ApplyTo(Client c)
    {
        (c.Name, c.Status, c.Stage, c.OwnerId, c.CadenceDays, c.PreferredChannel) = (Name, Status, Stage, OwnerId, CadenceDays, PreferredChannel);
        (c.DoNotContact, c.DoNotContactReason, c.LetGoReason, c.LetGoOn, c.RevisitOn) = (DoNotContact, DoNotContactReason, LetGoReason, LetGoOn, RevisitOn);
        (c.ExternalId, c.EmailDomain, c.ReferredById, c.ExpectedValue, c.AcquisitionCost) = (ExternalId, EmailDomain, ReferredById, ExpectedValue, AcquisitionCost);
        (c.Notes, c.PostalAddress) = (Notes, PostalAddress);
    }

    /// <summary>
    /// These fields with the named ones taken from <paramref name="other"/>. A field carries what belongs with it: the status
    /// its let-go reason and revisit date, do-not-contact its reason.
    /// </summary>
    public ClientFields Taking(ClientFields other, IReadOnlySet<string> fields)
    {
        bool Take(string field) => fields.Contains(field);
        var status = Take(nameof(Status));
        var dnc = Take(nameof(DoNotContact));
        return this with
        {
            Name = Take(nameof(Name)) ? other.Name : Name,
            Status = status ? other.Status : Status,
            LetGoReason = status ? other.LetGoReason : LetGoReason,
            LetGoOn = status ? other.LetGoOn : LetGoOn,
            RevisitOn = status ? other.RevisitOn : RevisitOn,
            Stage = Take(nameof(Stage)) ? other.Stage : Stage,
            OwnerId = Take(nameof(OwnerId)) ? other.OwnerId : OwnerId,
            CadenceDays = Take(nameof(CadenceDays)) ? other.CadenceDays : CadenceDays,
            PreferredChannel = Take(nameof(PreferredChannel)) ? other.PreferredChannel : PreferredChannel,
            DoNotContact = dnc ? other.DoNotContact : DoNotContact,
            DoNotContactReason = dnc ? other.DoNotContactReason : DoNotContactReason,
            // The kept client takes the absorbed one's external id when it has none: the import keeps finding the client.
            ExternalId = Take(nameof(ExternalId)) || ExternalId is null ? other.ExternalId ?? ExternalId : ExternalId,
            EmailDomain = Take(nameof(EmailDomain)) ? other.EmailDomain : EmailDomain,
            ReferredById = Take(nameof(ReferredById)) ? other.ReferredById : ReferredById,
            ExpectedValue = Take(nameof(ExpectedValue)) ? other.ExpectedValue : ExpectedValue,
            AcquisitionCost = Take(nameof(AcquisitionCost)) ? other.AcquisitionCost : AcquisitionCost,
            Notes = Take(nameof(Notes)) ? other.Notes : Notes,
            PostalAddress = Take(nameof(PostalAddress)) ? other.PostalAddress : PostalAddress,
        };
    }

    /// <summary>The choosable fields whose values differ between the two clients.</summary>
    public IReadOnlyList<string> DifferingFrom(ClientFields other) =>
        Choosable.Where(f => !Equals(Value(f), other.Value(f))).ToList();

    /// <summary>A field's value (for comparing; the page formats it).</summary>
    public object? Value(string field) => field switch
    {
        nameof(Name) => Name,
        nameof(Status) => Status,
        nameof(Stage) => Stage,
        nameof(OwnerId) => OwnerId,
        nameof(CadenceDays) => CadenceDays,
        nameof(PreferredChannel) => PreferredChannel,
        nameof(DoNotContact) => DoNotContact,
        nameof(ExternalId) => ExternalId,
        nameof(EmailDomain) => EmailDomain,
        nameof(ReferredById) => ReferredById,
        nameof(ExpectedValue) => ExpectedValue,
        nameof(AcquisitionCost) => AcquisitionCost,
        nameof(Notes) => Notes,
        nameof(PostalAddress) => PostalAddress,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a choosable field."),
    };
}
