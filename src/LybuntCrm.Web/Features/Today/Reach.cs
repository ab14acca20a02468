using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Email;

namespace LybuntCrm.Web.Features.Today;

/// <summary>
/// How to reach the person a follow-up is about: the channel (the contact's preference, else the client's) and what is on
/// file for it. <see cref="By"/> is the one detail that goes with the channel, so Today and the daily digest agree: a
/// letter goes to the client's postal address and never shows a phone number in its place.
/// </summary>
public sealed record Reach(Channel Channel, string? Phone, string? Email, string? PostalAddress)
{
    /// <summary>The detail a channel is used with.</summary>
    public enum Detail { Nothing, Phone, Email, PostalAddress }

    public Detail By => Channel switch
    {
        Channel.Letter => PostalAddress is not null ? Detail.PostalAddress : Detail.Nothing,
        Channel.Email when MailAddressRules.IsValidAddress(Email) => Detail.Email,
        // A call, a meeting (arranged by phone) or an email without a usable address: the phone, else whatever email there is.
        _ when Phone is not null => Detail.Phone,
        _ when Email is not null => Detail.Email,
        _ => Detail.Nothing,
    };

    /// <summary>A letter or card: the postal address is the detail to show, in place of the phone and email.</summary>
    public bool ByPost => By == Detail.PostalAddress || NeedsPostalAddress;

    /// <summary>A letter is due but the client has no postal address yet: the thing to fix before writing.</summary>
    public bool NeedsPostalAddress => Channel == Channel.Letter && PostalAddress is null;

    /// <summary>Blank details count as missing.</summary>
    public static Reach Of(Channel channel, string? phone, string? email, string? postalAddress) =>
        new(channel, Blank(phone), Blank(email), Blank(postalAddress));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
