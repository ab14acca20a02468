using System.Globalization;
using System.Text;
using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>
/// Folds text for search so that case, Vietnamese diacritics and Arabic/Persian letter forms do not matter:
/// "Nguyễn" and "nguyen" match, as do Arabic ي/ك and Persian ی/ک.
/// </summary>
public static class SearchText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var ch in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format or UnicodeCategory.Control) continue;
            var folded = ch switch
            {
                'đ' or 'Đ' => 'd',
                'ي' or 'ى' => 'ی',
                'ك' => 'ک',
                'ة' => 'ه',
                _ => char.ToLowerInvariant(ch),
            };
            if (char.IsWhiteSpace(folded))
            {
                if (!lastWasSpace) sb.Append(' ');
                lastWasSpace = true;
                continue;
            }
            sb.Append(folded);
            lastWasSpace = false;
        }
        return sb.ToString().TrimEnd().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The longest <see cref="Client.SortKey"/>: the name's own limit.</summary>
    public const int SortKeyMaxLength = 200;

    /// <summary>The key of a client name in the list's order (<see cref="Client.SortKey"/>): the name folded as search folds it.</summary>
    public static string SortKeyOf(string? name)
    {
        var folded = Fold(name);
        return folded.Length <= SortKeyMaxLength ? folded : folded[..SortKeyMaxLength];
    }

    /// <summary>The folded text of a client and its contacts, as stored in <c>Client.SearchText</c>.</summary>
    public static string ForClient(string name, string? externalId, IEnumerable<(string Name, string? Email, string? Phone)> contacts)
    {
        var parts = new List<string> { name };
        if (!string.IsNullOrWhiteSpace(externalId)) parts.Add(externalId);
        foreach (var (contactName, email, phone) in contacts)
        {
            parts.Add(contactName);
            if (!string.IsNullOrWhiteSpace(email)) parts.Add(email);
            if (!string.IsNullOrWhiteSpace(phone))
            {
                parts.Add(phone);
                var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
                if (digits.Length > 0) parts.Add(digits);
                // "+84901234567" is also found as "0901234567", the way people say it.
                if (Phones.NationalDigits(phone) is { } national && national != digits) parts.Add(national);
            }
        }
        var folded = Fold(string.Join(" | ", parts));
        return folded.Length <= 2000 ? folded : folded[..2000];
    }
}
