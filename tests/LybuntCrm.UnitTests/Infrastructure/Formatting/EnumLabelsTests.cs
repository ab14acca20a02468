using System.Text.RegularExpressions;
using LybuntCrm.UnitTests.Resources;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.UnitTests.Infrastructure.Formatting;

public sealed partial class EnumLabelsTests
{
    [Fact]
    public void Every_value_of_every_shown_enum_has_an_English_label_translated_into_Vietnamese_and_Persian()
    {
        var english = ResourceCompletenessTests.Read(null);
        var vietnamese = ResourceCompletenessTests.Read("vi");
        var persian = ResourceCompletenessTests.Read("fa");
        var keys = new KeyRecorder();
        var problems = new List<string>();
        foreach (var type in EnumLabels.Shown)
        {
            foreach (Enum value in Enum.GetValues(type))
            {
                var label = EnumLabels.Label(keys, value);
                var where = $"{type.Name}.{value}";
                if (!english.ContainsKey(label)) problems.Add($"{where}: \"{label}\" is not an English key");
                if (string.IsNullOrWhiteSpace(vietnamese.GetValueOrDefault(label))) problems.Add($"{where}: \"{label}\" has no vi translation");
                if (string.IsNullOrWhiteSpace(persian.GetValueOrDefault(label))) problems.Add($"{where}: \"{label}\" has no fa translation");
                if (CamelCase().IsMatch(label) && !ProductNames.Contains(label)) problems.Add($"{where}: \"{label}\" is a code name, not a word");
            }
        }
        problems.Should().BeEmpty();
    }

    [Fact]
    public void Labels_keep_the_words_readers_already_know()
    {
        using var scope = CultureScope.Use("en");
        var t = SharedLocalizer.Create();
        EnumLabels.Label(t, ClientStatus.LetGo).Should().Be("Let go");
        EnumLabels.Label(t, TouchpointOutcome.NoShow).Should().Be("No-show");
        EnumLabels.Label(t, TouchpointOutcome.LeftMessage).Should().Be("Left a message");
        EnumLabels.Label(t, Channel.Letter).Should().Be("Letter or note");
        EnumLabels.Label(t, ImportStatus.DryRun).Should().Be("Checked");
    }

    [Fact]
    public void A_Persian_reader_reads_Persian()
    {
        using var scope = CultureScope.Use("fa");
        EnumLabels.Label(SharedLocalizer.Create(), ClientStatus.LetGo).Should().Be("رهاشده");
    }

    [Fact]
    public void An_enum_the_labels_do_not_know_is_refused()
    {
        var act = () => EnumLabels.Label(new KeyRecorder(), DayOfWeek.Monday);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    /// <summary>Returns each key as its value, so the test sees which key a label uses.</summary>
    private sealed class KeyRecorder : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, arguments));
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    /// <summary>Names spelt as their makers spell them, not code names.</summary>
    private static readonly HashSet<string> ProductNames = ["WhatsApp"];

    [GeneratedRegex("[a-z][A-Z]")]
    private static partial Regex CamelCase();
}
