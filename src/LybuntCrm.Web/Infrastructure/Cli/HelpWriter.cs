using System.CommandLine;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static LybuntCrm.Web.Infrastructure.Cli.VerbText;

namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>
/// <c>help</c>, <c>help VERB</c> and <c>VERB --help</c>: every verb, argument, option and example, in the language of
/// <c>--culture</c> from the app's own resources (System.CommandLine's built-in help has no Vietnamese or Persian).
/// Runs before the host is built, so it reads the resources without dependency injection.
/// </summary>
public static class HelpWriter
{
    public const string Program = "LybuntCrm.Web";

    public static void Write(CrmRootCommand root, Command command, string? culture, TextWriter output)
    {
        var t = new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(SharedResource));
        using var scope = CultureScope.Use(culture ?? "en");
        if (command is CrmRootCommand) WriteOverview(root, t, output);
        else WriteCommand(root, command, t, output);
    }

    /// <summary>The words after the program name that call <paramref name="command"/>, e.g. <c>users add</c>.</summary>
    public static string Path(Command command)
    {
        var words = new List<string>();
        for (Symbol? s = command; s is Command c and not RootCommand; s = c.Parents.FirstOrDefault())
            words.Insert(0, c.Name);
        return string.Join(' ', words);
    }

    private static void WriteOverview(CrmRootCommand root, IStringLocalizer t, TextWriter output)
    {
        output.WriteLine(t[root.Description ?? ""]);
        output.WriteLine();
        output.WriteLine($"{t[T("Usage:")]} {Program} [--Key=value ...]");
        output.WriteLine($"       {Program} {t[T("VERB")]} [{t[T("options")]}] [--Key=value ...]");
        output.WriteLine();
        output.WriteLine(t[T("Verbs:")]);
        var width = root.Verbs.Max(v => v.Name.Length) + 2;
        foreach (var verb in root.Verbs) output.WriteLine($"  {verb.Name.PadRight(width)}{t[verb.Description ?? ""]}");
        output.WriteLine();
        output.WriteLine(t[T("Configuration arguments such as --ConnectionStrings:Default=... or --Database:Provider=Postgres may stand before or after the verb.")]);
        WriteExitCodes(t, output);
        output.WriteLine();
        output.WriteLine(t[T("Run \"{0} help VERB\" for a verb's options and examples.")].Value.Replace("{0}", Program, StringComparison.Ordinal));
    }

    private static void WriteCommand(CrmRootCommand root, Command command, IStringLocalizer t, TextWriter output)
    {
        output.WriteLine($"{t[T("Usage:")]} {Usage(command, t[T("options")])}");
        output.WriteLine("  " + t[command.Description ?? ""]);
        var arguments = command.Arguments.Where(a => !a.Hidden).ToList();
        if (arguments.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(t[T("Arguments:")]);
            foreach (var argument in arguments) output.WriteLine($"  <{argument.Name}>  {t[argument.Description ?? ""]}");
        }
        var options = command.Options.Where(o => !o.Hidden && o.Name != "--help").Append(root.Culture).Distinct().ToList();
        if (command.Subcommands.Count == 0)
        {
            output.WriteLine();
            output.WriteLine(t[T("Options:")]);
            foreach (var option in options)
            {
                var value = option.HelpName is { } name ? $" {name}" : "";
                var required = option.Required ? $" ({t[T("required")]})" : "";
                output.WriteLine($"  {option.Name}{value}{required}");
                output.WriteLine($"      {t[option.Description ?? ""]}");
            }
            output.WriteLine("  --help");
            output.WriteLine($"      {t[T("Shows this help.")]}");
        }
        if (command is VerbCommand { Examples.Count: > 0 } verb)
        {
            output.WriteLine();
            output.WriteLine(t[T("Examples:")]);
            foreach (var example in verb.Examples) output.WriteLine($"  {Program} {example}");
        }
        foreach (var action in command.Subcommands)
        {
            output.WriteLine();
            WriteCommand(root, action, t, output);
        }
        if (command.Parents.FirstOrDefault() is RootCommand)
            WriteExitCodes(t, output);
    }

    /// <summary>One line: <c>LybuntCrm.Web import &lt;file&gt; [options]</c>.</summary>
    public static string Usage(Command command, string options = "options")
    {
        var arguments = string.Concat(command.Arguments.Where(a => !a.Hidden).Select(a => $" <{a.Name}>"));
        var rest = command.Subcommands.Count > 0 ? $" {string.Join('|', command.Subcommands.Select(c => c.Name))} ..." : $" [{options}]";
        return $"{Program} {Path(command)}{arguments}{rest}";
    }

    private static void WriteExitCodes(IStringLocalizer t, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(t[T("Exit codes: 0 done, 1 the work failed (the reason is on standard error), 2 the command was called wrongly.")]);
    }
}
