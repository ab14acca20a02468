using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure.Email;

/// <summary>
/// Marks an address as bouncing: every contact with it (any case, a domain in Unicode or ASCII, as the mailbox matcher
/// compares) gets the date and the mail server's words. Both paths use it: a 5xx answer while sending and a delivery
/// report found in a mailbox. One UPDATE per address; an older bounce never replaces a newer one, so reading a report twice
/// changes nothing.
/// </summary>
public sealed class EmailBounces(CrmDbContext db, ILogger<EmailBounces> logger)
{
    public const int MaxReasonLength = 300;

    /// <summary>Marks the contacts with this address; returns how many were marked.</summary>
    public async Task<int> MarkAsync(string address, string? reason, DateTime bouncedAtUtc, CancellationToken ct)
    {
        if (EmailAddresses.Normalize(address) is not { } normal) return 0;
        var forms = new[] { normal, EmailAddresses.UnicodeForm(normal) }.Distinct().ToList();
        var text = Reason(reason);
        var marked = await db.Contacts
            .Where(c => c.Email != null && forms.Contains(c.Email.ToLower())
                && (c.EmailBouncedAtUtc == null || c.EmailBouncedAtUtc <= bouncedAtUtc))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.EmailBouncedAtUtc, bouncedAtUtc)
                .SetProperty(c => c.EmailBounceReason, text), ct);
        if (marked > 0) logger.LogInformation("Marked {Count} contacts as bouncing: {Reason}", marked, text);
        return marked;
    }

    /// <summary>
    /// The server's words as one printable line of at most <see cref="MaxReasonLength"/> characters (control and bidi
    /// characters dropped, so the words cannot restyle the page); null when nothing is left.
    /// </summary>
    public static string? Reason(string? text)
    {
        string cleaned;
        try
        {
            cleaned = MailAddressRules.CleanHeaderText(text, MaxReasonLength);
        }
        catch (ArgumentException)
        {
            // Text that cannot be normalized (broken surrogates from a bad encoding): keep what is printable.
            cleaned = MailAddressRules.CleanHeaderText(new string((text ?? "").Where(ch => !char.IsSurrogate(ch)).ToArray()), MaxReasonLength);
        }
        return cleaned.Length == 0 ? null : cleaned;
    }
}
