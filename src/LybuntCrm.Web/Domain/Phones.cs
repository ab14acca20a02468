using System.Globalization;
using PhoneNumbers;

namespace LybuntCrm.Web.Domain;

/// <summary>
/// Phone numbers as the firm's readers type and read them: input in a default region ("0901 234 567" in Vietnam), in
/// Latin, Persian (۰-۹) or Arabic-Indic (٠-٩) digits, is kept in E.164 ("+84901234567") so links and matching work
/// across countries; shown back in the national format of the reader's region, or internationally when the number is
/// from elsewhere. One definition for the contact form, the import and every page that shows a number.
/// </summary>
public static class Phones
{
    /// <summary>The region assumed when nothing is configured: most of our readers are in Vietnam.</summary>
    public const string DefaultRegion = "VN";

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>True for a two-letter region the phone rules know ("VN", "IR", "GB").</summary>
    public static bool IsKnownRegion(string? region) =>
        region is { Length: 2 } && Util.GetSupportedRegions().Contains(region.ToUpperInvariant());

    /// <summary>Parses a number typed in <paramref name="region"/>; false when it is not a valid phone number.</summary>
    public static bool TryParse(string? input, string region, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input)) return false;
        var text = LatinDigits(input.Trim());
        // No letters: libphonenumber reads "1-800-FLOWERS" as digits, which a typo should not become.
        if (text.Any(char.IsLetter)) return false;
        try
        {
            var number = Util.Parse(text, IsKnownRegion(region) ? region.ToUpperInvariant() : DefaultRegion);
            if (!Util.IsValidNumber(number)) return false;
            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>
    /// A stored number for a reader in <paramref name="region"/>: "090 123 45 67" at home, "+98 912 345 6789" from abroad.
    /// A value that is not a number (typed before numbers were checked) is shown as it is.
    /// </summary>
    public static string Display(string? stored, string region)
    {
        if (string.IsNullOrWhiteSpace(stored)) return "";
        try
        {
            var number = Util.Parse(LatinDigits(stored.Trim()), IsKnownRegion(region) ? region.ToUpperInvariant() : DefaultRegion);
            if (!Util.IsValidNumber(number)) return stored;
            // By calling code, not region: a Jersey mobile is dialled like any other +44 number from London.
            var home = number.CountryCode == Util.GetCountryCodeForRegion(IsKnownRegion(region) ? region.ToUpperInvariant() : DefaultRegion);
            return Util.Format(number, home ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return stored;
        }
    }

    /// <summary>A mobile number of the region in its national format, for "such as …" in an error.</summary>
    public static string Example(string region)
    {
        var number = Util.GetExampleNumberForType(IsKnownRegion(region) ? region.ToUpperInvariant() : DefaultRegion, PhoneNumberType.MOBILE);
        return number is null ? "" : Util.Format(number, PhoneNumberFormat.NATIONAL);
    }

    /// <summary>
    /// The digits of a stored number as dialled inside its own country ("0901234567" for "+84901234567"), so a search for
    /// the number as people say it finds it; null for text that is not a number.
    /// </summary>
    public static string? NationalDigits(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored) || !stored.TrimStart().StartsWith('+')) return null;
        try
        {
            var number = Util.Parse(LatinDigits(stored.Trim()), DefaultRegion);
            return Util.IsValidNumber(number) ? Digits(Util.Format(number, PhoneNumberFormat.NATIONAL)) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The digits of an E.164 number without the "+", as chat links want them ("84901234567").</summary>
    public static string Digits(string e164) => new(e164.Where(char.IsAsciiDigit).ToArray());

    /// <summary>Persian, Arabic-Indic and other decimal digits as ASCII digits, other characters unchanged.</summary>
    public static string LatinDigits(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (!char.IsAsciiDigit(chars[i]) && CharUnicodeInfo.GetUnicodeCategory(chars[i]) == UnicodeCategory.DecimalDigitNumber)
                chars[i] = (char)('0' + CharUnicodeInfo.GetDecimalDigitValue(chars[i]));
        return new string(chars);
    }
}
