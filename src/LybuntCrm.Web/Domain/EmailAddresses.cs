using System.Globalization;

namespace LybuntCrm.Web.Domain;

/// <summary>
/// How two email addresses are compared: case does not matter, and an internationalized domain is the same domain in
/// Unicode (<c>công-ty.vn</c>) and in ASCII (<c>xn--cng-ty-…</c>). Normal form: lower-case local part, ASCII lower-case domain.
/// </summary>
public static class EmailAddresses
{
    private static readonly IdnMapping Idn = new() { AllowUnassigned = true };

    /// <summary>Addresses anyone can have: a shared domain there says nothing about which client wrote.</summary>
    public static readonly IReadOnlySet<string> FreeMailDomains = new HashSet<string>(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.com.vn", "ymail.com", "outlook.com", "hotmail.com", "live.com",
        "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "mail.ru", "yandex.ru", "yandex.com", "proton.me",
        "protonmail.com", "gmx.com", "gmx.net", "zoho.com", "qq.com", "163.com",
    };

    /// <summary>The normal form of an address, or null when it is not one.</summary>
    public static string? Normalize(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        address = address.Trim();
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1) return null;
        var domain = NormalizeDomain(address[(at + 1)..]);
        return domain is null ? null : address[..at].ToLowerInvariant() + "@" + domain;
    }

    /// <summary>The ASCII lower-case form of a domain (a leading <c>@</c> or <c>www.</c> and a trailing dot dropped), or null.</summary>
    public static string? NormalizeDomain(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain)) return null;
        domain = domain.Trim().TrimStart('@').TrimEnd('.');
        if (domain.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) domain = domain[4..];
        if (domain.Length == 0 || domain.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch) || ch is '@' or '/' or ':')) return null;
        try
        {
            var ascii = Idn.GetAscii(domain).ToLowerInvariant();
            return ascii.Contains('.', StringComparison.Ordinal) ? ascii : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The domain of an address in normal form.</summary>
    public static string DomainOf(string normalizedAddress) => normalizedAddress[(normalizedAddress.LastIndexOf('@') + 1)..];

    /// <summary>The address with its domain in Unicode, as a person may have typed it.</summary>
    public static string UnicodeForm(string normalizedAddress)
    {
        var at = normalizedAddress.LastIndexOf('@');
        return normalizedAddress[..at] + "@" + UnicodeDomain(normalizedAddress[(at + 1)..]);
    }

    /// <summary>A domain in normal form written in Unicode (<c>công-ty.vn</c>), as people read and type it.</summary>
    public static string UnicodeDomain(string normalizedDomain)
    {
        try
        {
            return Idn.GetUnicode(normalizedDomain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return normalizedDomain;
        }
    }

    public static bool IsFreeMail(string domain) => FreeMailDomains.Contains(domain);
}
