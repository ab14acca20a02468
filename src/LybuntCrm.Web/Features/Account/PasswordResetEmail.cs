using System.Net;
using System.Security.Cryptography;
using System.Text;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Email;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Account;

/// <summary>
/// The password reset email, in the account's language: a plain-text part and an HTML part in which every value is
/// encoded. Each request is its own outbox row (the kind carries a random suffix), so the rows can be counted per hour.
/// </summary>
public sealed class PasswordResetEmail(IStringLocalizer<SharedResource> t)
{
    /// <summary>The start of the outbox kind of every reset email; the rest is random (letters, digits, '-' and '_').</summary>
    public const string KindPrefix = "reset-";

    public OutboxMessage Render(AppUser user, string link, DateOnly today)
    {
        using var scope = CultureScope.Use(user.Culture);
        var f = DisplayFormat.For(user.Culture, user.UseSolarHijri);
        var hours = f.Number((int)SessionSetup.PasswordResetLinkLifetime.TotalHours);
        var subject = t["Reset your LybuntCrm password"].Value;
        var greeting = t["Hello {0},", user.DisplayName].Value;
        var asked = t["Someone asked to choose a new password for your LybuntCrm account. Open this link within {0} hours to choose one:", hours].Value;
        var button = t["Choose a new password"].Value;
        var once = t["The link works once. If you did not ask for it, ignore this email: your password stays as it is."].Value;

        var text = $"{greeting}\n\n{asked}\n{link}\n\n{once}\n";
        var dir = CultureScope.Direction(user.Culture);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(E(user.Culture)).Append("\" dir=\"").Append(dir)
            .Append("\"><head><meta charset=\"utf-8\"><title>").Append(E(subject)).Append("</title></head>")
            .Append("<body style=\"font-family:Segoe UI,Tahoma,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2937\">")
            .Append("<p>").Append(E(greeting)).Append("</p>")
            .Append("<p>").Append(E(asked)).Append("</p>")
            .Append("<p><a dir=\"ltr\" href=\"").Append(E(link)).Append("\" style=\"display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px\">")
            .Append(E(button)).Append("</a></p>")
            .Append("<p dir=\"ltr\" style=\"font-size:13px;color:#6b7280;word-break:break-all\">").Append(E(link)).Append("</p>")
            .Append("<p>").Append(E(once)).Append("</p>")
            .Append("</body></html>");
        return new OutboxMessage(user.Email!, user.DisplayName, KindPrefix + NewSuffix(), today, subject, html.ToString(), text);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>16 random bytes, URL-safe: "reset-" and it fit the outbox kind (32 characters) and a Message-ID.</summary>
    private static string NewSuffix() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
