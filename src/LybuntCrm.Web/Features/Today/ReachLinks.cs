using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Today;

/// <summary>
/// One-tap links to a person: a call, an email, or a chat in Zalo, Telegram or WhatsApp. The chat links are the
/// messengers' own public web addresses, which open the app on a phone and the web client elsewhere.
/// </summary>
public static class ReachLinks
{
    /// <summary>"tel:+84901234567"; a number typed before numbers were checked keeps only its digits and "+".</summary>
    public static string Tel(string phone) => "tel:" + new string(phone.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());

    public static string Mailto(string email) => "mailto:" + email;

    /// <summary>Zalo finds an account by its phone number, in international digits without the "+".</summary>
    public static string Zalo(string e164) => "https://zalo.me/" + Phones.Digits(e164);

    public static string Telegram(string username) => "https://t.me/" + username;

    /// <summary>WhatsApp's click-to-chat takes the full international number in digits only.</summary>
    public static string WhatsApp(string e164) => "https://wa.me/" + Phones.Digits(e164);
}
