using LybuntCrm.Web.Infrastructure.Email;

namespace LybuntCrm.Web.Features.Messages;

/// <summary>A contact of a client as the composer needs them: how to address them, in which language, and whether mail reaches them.</summary>
public sealed record MessageRecipient(int Id, string Name, string? Email, string? FormOfAddress, string? Language, bool IsPrimary,
    DateTime? BouncedAtUtc, string? BounceReason)
{
    public bool HasEmail => MailAddressRules.IsValidAddress(Email);

    public bool HasBounced => BouncedAtUtc is not null;

    /// <summary>How a message greets them: the form of address when set, else their name.</summary>
    public string Addressed => string.IsNullOrWhiteSpace(FormOfAddress) ? Name : FormOfAddress;
}
