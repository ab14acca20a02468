using System.Globalization;
using System.Text;

namespace LybuntCrm.Web.Domain;

/// <summary>
/// Client names as duplicate detection compares them. "Công ty TNHH Thái Bình Dương", "CONG TY TNHH THAI BINH DUONG" and
/// "Thai Binh Duong Co., Ltd" all fold to "thai binh duong": case, Vietnamese diacritics (đ as d), Arabic and Persian
/// letter forms (ي/ی, ك/ک, ة/ه), Persian and Arabic-Indic digits, punctuation and legal-form words do not count.
/// Unlike search folding, this one drops punctuation and legal words: a search must still find "Co." when typed.
/// </summary>
public static class ClientNames
{
    /// <summary>Legal-form words, folded like names: a phrase is dropped only where all its words appear in a row.</summary>
    private static readonly string[][] LegalForms = new[]
    {
        // Vietnamese: công ty, trách nhiệm hữu hạn (TNHH), cổ phần (CP), một thành viên (MTV), doanh nghiệp tư nhân (DNTN).
        "cong ty", "tnhh", "trach nhiem huu han", "co phan", "cp", "ctcp", "mtv",
        "mot thanh vien", "dntn", "doanh nghiep tu nhan",
        // English and international.
        "co", "company", "ltd", "limited", "llc", "llp", "jsc", "inc", "incorporated", "corp",
        "corporation", "plc", "gmbh", "pte", "pty",
        // Persian: شرکت, سهامی خاص/عام, با مسئولیت محدود, تعاونی.
        "شرکت", "سهامی خاص", "سهامی عام", "سهامی", "با مسئولیت محدود", "مسئولیت محدود", "تعاونی",
    }.Select(form => Words(form).ToArray()).ToArray();

    /// <summary>The legal forms by their first word, longest first: one lookup per word of a name.</summary>
    private static readonly Dictionary<string, string[][]> LegalFormsByFirstWord = LegalForms
        .GroupBy(f => f[0], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.Length).ToArray(), StringComparer.Ordinal);

    /// <summary>The folded name: lower-case words of letters and digits, legal forms removed, one space between words.</summary>
    public static string Fold(string? name)
    {
        var words = Words(name);
        var kept = WithoutLegalForms(words);
        // A name made only of legal words ("Công ty TNHH") is still a name.
        return string.Join(' ', kept.Count > 0 ? kept : words);
    }

    /// <summary>How alike two folded names are, 0 to 100: the better of the whole names and of their words in order.</summary>
    public static int Similarity(string foldedA, string foldedB)
    {
        if (foldedA.Length == 0 || foldedB.Length == 0) return 0;
        if (foldedA == foldedB) return 100;
        var whole = Ratio(foldedA.Replace(" ", "", StringComparison.Ordinal), foldedB.Replace(" ", "", StringComparison.Ordinal));
        if (!foldedA.Contains(' ', StringComparison.Ordinal) && !foldedB.Contains(' ', StringComparison.Ordinal)) return Percent(whole);
        // "Binh Duong Thai" and "Thai Binh Duong" are the same words in another order.
        var sorted = Ratio(SortedWords(foldedA), SortedWords(foldedB));
        return Percent(Math.Max(whole, sorted));
    }

    /// <summary>
    /// The blocking keys of a folded name: names that may be alike share at least one. The sorted words (the same name in
    /// any word order), the first and the last six letters (a typo at the other end).
    /// </summary>
    public static IEnumerable<string> BlockingKeys(string folded)
    {
        if (folded.Length == 0) yield break;
        var words = SortedWords(folded);
        yield return "w:" + words;
        var compact = folded.Replace(" ", "", StringComparison.Ordinal);
        if (compact.Length < 8) yield break;
        yield return "p:" + compact[..6];
        yield return "s:" + compact[^6..];
    }

    private static int Percent(double ratio) => (int)Math.Floor(ratio * 100);

    private static string SortedWords(string folded)
    {
        var words = folded.Split(' ');
        Array.Sort(words, StringComparer.Ordinal);
        return string.Join(' ', words);
    }

    private static List<string> Words(string? name)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(name)) return words;
        var word = new StringBuilder();
        foreach (var ch in name.Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            // Diacritics and the Arabic tatweel (a stretch of the line) are no letters; the zero-width non-joiner is a word break.
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark || ch == '\u0640') continue;
            var folded = Letter(ch, category);
            if (folded is { } letter)
            {
                word.Append(letter);
                continue;
            }
            // No recomposition needed: every combining mark is gone.
            if (word.Length > 0) words.Add(word.ToString());
            word.Clear();
        }
        if (word.Length > 0) words.Add(word.ToString());
        return words;
    }

    /// <summary>The letter or digit a character folds to; null for a break (space, punctuation, symbols).</summary>
    private static char? Letter(char ch, UnicodeCategory category)
    {
        if (category == UnicodeCategory.DecimalDigitNumber) return (char)('0' + CharUnicodeInfo.GetDecimalDigitValue(ch));
        if (!char.IsLetter(ch)) return null;
        return ch switch
        {
            'đ' or 'Đ' => 'd',
            'ي' or 'ى' or 'ئ' => 'ی',
            'ك' => 'ک',
            'ة' or 'ۀ' => 'ه',
            'أ' or 'إ' or 'آ' or 'ٱ' => 'ا',
            'ؤ' => 'و',
            _ => char.ToLowerInvariant(ch),
        };
    }

    private static List<string> WithoutLegalForms(List<string> words)
    {
        var kept = new List<string>(words.Count);
        for (var i = 0; i < words.Count;)
        {
            var length = LegalFormsByFirstWord.TryGetValue(words[i], out var forms) ? MatchLength(words, i, forms) : 0;
            if (length == 0) kept.Add(words[i++]);
            else i += length;
        }
        return kept;
    }

    /// <summary>The length of the longest form that starts at <paramref name="start"/>; 0 when none does.</summary>
    private static int MatchLength(List<string> words, int start, string[][] forms)
    {
        foreach (var form in forms)
        {
            if (form.Length > words.Count - start) continue;
            var all = true;
            for (var j = 1; j < form.Length && all; j++) all = words[start + j] == form[j];
            if (all) return form.Length;
        }
        return 0;
    }

    /// <summary>1 − edit distance ÷ longer length.</summary>
    private static double Ratio(string a, string b)
    {
        var longer = Math.Max(a.Length, b.Length);
        return longer == 0 ? 1 : 1 - (double)EditDistance(a, b) / longer;
    }

    private static int EditDistance(string a, string b)
    {
        // Names are short (at most 200 characters): the two rows fit on the stack.
        Span<int> previous = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        Span<int> current = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            var swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.Length];
    }
}
