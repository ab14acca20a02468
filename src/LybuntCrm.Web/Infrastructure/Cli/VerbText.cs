namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>
/// Marks English help text as a resource key (found by scripts/i18n-keys.py): verb definitions are built before any
/// culture is known, so the text stays English there and <see cref="HelpWriter"/> translates it when it prints.
/// </summary>
public static class VerbText
{
    public static string T(string english) => english;
}
