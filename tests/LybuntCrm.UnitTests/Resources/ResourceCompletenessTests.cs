using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LybuntCrm.UnitTests.Resources;

/// <summary>
/// Keeps the translations complete: every literal key in the source is in the English resources, and every English key
/// has a Vietnamese and a Persian translation with the same placeholders. Fix failures with scripts/i18n-keys.py.
/// </summary>
public sealed partial class ResourceCompletenessTests
{
    private static readonly string Root = FindRoot();
    private static readonly string Web = Path.Combine(Root, "src", "LybuntCrm.Web");

    // The same patterns as scripts/i18n-keys.py.
    private const string Str = """
        "((?:[^"\\\n]|\\.)*)"
        """;
    private static readonly Regex[] Patterns =
    [
        new(@"(?<![\w.])[Tt]\[\s*" + Str),
        new(@"\bErrorMessage\s*=\s*" + Str),
        new(@"\bDisplay\s*\(\s*Name\s*=\s*" + Str),
        new(@"\bAddModelError\s*\([^,()]*(?:\([^()]*\))?[^,()]*,\s*" + Str),
        new(@"TempData\[\s*""Flash""\s*\]\s*=\s*" + Str),
        new(@"\bnew\s+JobDefinition\s*\(\s*""[^""]*""\s*,\s*""[^""]*""\s*,\s*typeof\([^)]*\)\s*,\s*" + Str),
        new(@"\bAccountResult\.Fail\(\s*" + Str),
        new(@"(?<![\w.<])T\(\s*" + Str),
    ];

    [Fact]
    public void Every_literal_key_in_the_source_is_in_the_English_resources()
    {
        var english = Read(null);
        var missing = SourceKeys().Where(k => !english.ContainsKey(k.Key)).Select(k => $"{k.Key}  ({k.Value})").ToList();
        missing.Should().BeEmpty("run `python3 scripts/i18n-keys.py --add` to add new English keys, then translate them");
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("fa")]
    public void Every_English_key_is_translated(string culture)
    {
        var english = Read(null);
        var translated = Read(culture);
        english.Keys.Where(k => string.IsNullOrWhiteSpace(translated.GetValueOrDefault(k))).Should()
            .BeEmpty($"every English key needs a {culture} translation: `python3 scripts/i18n-keys.py --todo {culture}`");
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("fa")]
    public void Translations_keep_the_placeholders_and_have_no_stray_keys(string culture)
    {
        var english = Read(null);
        var translated = Read(culture);
        translated.Keys.Except(english.Keys).Should().BeEmpty("a translation without an English key is never used");
        var differing = translated.Where(p => english.ContainsKey(p.Key) && Placeholders(p.Key) != Placeholders(p.Value))
            .Select(p => $"{p.Key} -> {p.Value}");
        differing.Should().BeEmpty("{0}, {1}… must survive translation");
    }

    [Fact]
    public void No_two_keys_differ_only_in_case()
    {
        // The resource compiler keeps one of two names that differ only in case and drops the other's translation.
        Read(null).Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g))
            .Should().BeEmpty();
    }

    [Fact]
    public void English_values_are_the_keys()
    {
        Read(null).Where(p => p.Key != p.Value).Select(p => p.Key).Should().BeEmpty();
    }

    [Fact]
    public void The_extractor_finds_the_kinds_of_keys_the_app_uses()
    {
        var keys = SourceKeys();
        keys.Should().ContainKey("Sign in");                                     // @T["..."] in a view
        keys.Should().ContainKey("Email or password is incorrect, or the account is locked. Try again in a few minutes."); // t["..."] in C#
        keys.Should().ContainKey("Enter your email address.");                   // ErrorMessage =
        keys.Should().ContainKey("Keep me signed in");                           // [Display(Name = )]
        keys.Should().ContainKey("Choose a time zone from the list.");           // AddModelError(key, "...")
    }

    internal static Dictionary<string, string> SourceKeys()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(Web, "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Web, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                && !f.Contains("Migrations"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var pattern in Patterns)
            {
                foreach (Match m in pattern.Matches(text))
                {
                    var start = m.Groups[1].Index;
                    if (start >= 2 && text[start - 2] == '$') continue; // interpolated: not a fixed key
                    var key = Unescape(m.Groups[1].Value);
                    if (!string.IsNullOrWhiteSpace(key)) keys.TryAdd(key, Path.GetRelativePath(Root, file));
                }
            }
        }
        return keys;
    }

    internal static Dictionary<string, string> Read(string? culture)
    {
        var path = Path.Combine(Web, "Resources", "SharedResource" + (culture is null ? "" : "." + culture) + ".resx");
        File.Exists(path).Should().BeTrue($"{path} exists");
        return XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);
    }

    private static string Placeholders(string text) =>
        string.Join(",", PlaceholderPattern().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal));

    private static string Unescape(string s) => EscapePattern().Replace(s, m => m.Groups[1].Value switch
    {
        "n" => "\n",
        "t" => "\t",
        var other => other,
    });

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LybuntCrm.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("LybuntCrm.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex EscapePattern();
}
