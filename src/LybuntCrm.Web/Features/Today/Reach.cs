using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Email;

namespace LybuntCrm.Web.Features.Today;

/// <summary>
/// How to reach the person a follow-up is about: the channel (the contact's preference, else the client's) and what is on
/// file for it. <see cref="By"/> is the one detail that goes with the channel, so Today and the daily digest agree: a
/// letter goes to the client's postal address and never shows a phone number in its place.
/// </summary>
public sealed record Reach(Channel Channel, string? Phone, string? Email, string? PostalAddress,
    string? ZaloPhone = null, string? TelegramUsername = null, string? WhatsAppPhone = null)
{
    /// <summary>The detail a channel is used with.</summary>
    public enum Detail { Nothing, Phone, Email, PostalAddress, Zalo, Telegram, WhatsApp }

    public Detail By => Channel switch
    {
        Channel.Letter => PostalAddress is not null ? Detail.PostalAddress : Detail.Nothing,
        Channel.Email when MailAddressRules.IsValidAddress(Email) => Detail.Email,
        Channel.Zalo when ZaloPhone is not null => Detail.Zalo,
        Channel.Telegram when TelegramUsername is not null => Detail.Telegram,
        Channel.WhatsApp when WhatsAppPhone is not null => Detail.WhatsApp,
        // A call, a meeting (arranged by phone), an email without a usable address or a chat without its account: the
        // phone, else whatever email there is.
        _ when Phone is not null => Detail.Phone,
        _ when Email is not null => Detail.Email,
        _ => Detail.Nothing,
    };

    /// <summary>True when the detail is a chat account (Zalo, Telegram, WhatsApp).</summary>
    public bool ByChat => By is Detail.Zalo or Detail.Telegram or Detail.WhatsApp;

    /// <summary>The detail <see cref="By"/> names, as stored ("+84901234567", "mai_tran"); null for none.</summary>
    public string? Value => ValueOf(By);

    /// <summary>The one-tap link for <see cref="By"/>: <c>tel:</c>, <c>mailto:</c> or the messenger's web address.</summary>
    public string? Link => LinkOf(By);

    public string? ValueOf(Detail detail) => detail switch
    {
        Detail.Phone => Phone,
        Detail.Email => Email,
        Detail.PostalAddress => PostalAddress,
        Detail.Zalo => ZaloPhone,
        Detail.Telegram => TelegramUsername,
        Detail.WhatsApp => WhatsAppPhone,
        _ => null,
    };

    /// <summary>The link for a detail on file; null for a postal address or a detail that is missing.</summary>
    public string? LinkOf(Detail detail) => (detail, ValueOf(detail)) switch
    {
        (_, null) => null,
        (Detail.Phone, { } phone) => ReachLinks.Tel(phone),
        (Detail.Email, { } email) => ReachLinks.Mailto(email),
        (Detail.Zalo, { } zalo) => ReachLinks.Zalo(zalo),
        (Detail.Telegram, { } username) => ReachLinks.Telegram(username),
        (Detail.WhatsApp, { } whatsApp) => ReachLinks.WhatsApp(whatsApp),
        _ => null,
    };

    /// <summary>A letter or card: the postal address is the detail to show, in place of the phone and email.</summary>
    public bool ByPost => By == Detail.PostalAddress || NeedsPostalAddress;

    /// <summary>A letter is due but the client has no postal address yet: the thing to fix before writing.</summary>
    public bool NeedsPostalAddress => Channel == Channel.Letter && PostalAddress is null;

    /// <summary>Blank details count as missing.</summary>
    public static Reach Of(Channel channel, string? phone, string? email, string? postalAddress,
        string? zaloPhone = null, string? telegramUsername = null, string? whatsAppPhone = null) =>
        new(channel, Blank(phone), Blank(email), Blank(postalAddress), Blank(zaloPhone), Blank(telegramUsername), Blank(whatsAppPhone));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
