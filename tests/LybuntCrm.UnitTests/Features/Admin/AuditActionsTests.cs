using System.Text.RegularExpressions;
using LybuntCrm.Web.Features.Admin;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.UnitTests.Features.Admin;

public sealed partial class AuditActionsTests
{
    private sealed class EnglishKeys : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(name, arguments));
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    [Fact]
    public void Every_action_the_app_records_reads_as_a_sentence_not_a_code()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "LybuntCrm.sln"))) root = root.Parent!;
        var codes = Directory.EnumerateFiles(Path.Combine(root.FullName, "src", "LybuntCrm.Web"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => File.ReadLines(f).Where(line => line.Contains("audit.Record", StringComparison.Ordinal)
                || line.Contains("RecordNowAsync(", StringComparison.Ordinal)))
            .SelectMany(line => CodePattern().Matches(line).Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        codes.Should().Contain(["login.succeeded", "client.created", "user.deactivated", "two_factor.enabled"], "the scan finds the recorded codes");
        codes.Where(code => AuditActions.Describe(code, new EnglishKeys()) == code).Should().BeEmpty();
    }

    [GeneratedRegex("\"([a-z_]+(?:\\.[a-z_]+)+)\"")]
    private static partial Regex CodePattern();
}
