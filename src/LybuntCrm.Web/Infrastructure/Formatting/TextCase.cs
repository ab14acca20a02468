using System.Globalization;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// A label used inside a sentence ("Last contact today", "happy birthday"). Resource names are compared without case, so
/// "today" cannot be a key beside "Today": the sentence form is the label with its first letter lowered.
/// </summary>
public static class TextCase
{
    public static string InSentence(string label) =>
        label.Length == 0 ? label : char.ToLower(label[0], CultureInfo.CurrentCulture) + label[1..];
}
