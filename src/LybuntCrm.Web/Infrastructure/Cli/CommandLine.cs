using System.CommandLine;
using System.CommandLine.Help;

namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>
/// The executable's command line on System.CommandLine. No arguments (or configuration arguments only) run the web
/// app; a verb runs and exits with 0 (done), 1 (the work failed, reason on stderr) or 2 (called wrongly). Any other
/// first argument is refused with exit code 2, so a mistyped verb never starts the web server.
/// </summary>
public static class CommandLine
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    /// <summary>
    /// Decides what the process does and prints help or the usage error itself, before anything heavy is built.
    /// Configuration arguments before the verb may be <c>--Key=value</c> or <c>--Key value</c> (as the host reads
    /// them); after it only <c>--Key=value</c>, since a verb's own options take their value after a space.
    /// </summary>
    public static CommandLineRoute Route(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var leading = LeadingConfigurationCount(args);
        if (leading == args.Length) return new CommandLineRoute(args, null, null);

        var root = new CrmRootCommand();
        var first = args[leading];
        if (IsHelpAlias(first)) first = CrmRootCommand.HelpVerb;
        var verb = root.Verbs.FirstOrDefault(v => v.Name.Equals(first, StringComparison.OrdinalIgnoreCase));
        if (verb is null)
        {
            UnknownVerb(root, first, args, error);
            return new CommandLineRoute([], null, UsageError);
        }

        // --culture before the verb (--culture vi help) is the verb's, not the host's.
        var before = args[..leading].ToList();
        var culture = before.IndexOf("--culture") is >= 0 and var at && at + 1 < before.Count ? before.GetRange(at, 2) : [];
        if (culture.Count > 0) before.RemoveRange(before.IndexOf("--culture"), 2);
        var (configuration, verbArguments) = SplitVerbArguments(verb, [verb.Name, .. args[(leading + 1)..], .. culture]);
        var parse = root.Parse(verbArguments);
        var exit = HelpOrError(root, parse, output, error);
        return exit is null
            ? new CommandLineRoute([.. before, .. configuration], verbArguments, null)
            : new CommandLineRoute([], null, exit);
    }

    /// <summary>Registers the handler of every verb as a scoped service.</summary>
    public static IServiceCollection AddCrmCommands(this IServiceCollection services)
    {
        services.AddScoped<CommandConsole>();
        foreach (var command in Descendants(new CrmRootCommand()).OfType<VerbCommand>())
            if (command.HandlerType is { } handler) services.AddScoped(handler);
        return services;
    }

    /// <summary>
    /// Runs a verb with the app's services and returns its exit code; <paramref name="console"/> replaces the process
    /// console (a test reads what the verb wrote). Configuration arguments in <paramref name="args"/> are left out.
    /// </summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CommandConsole? console = null)
    {
        console ??= new CommandConsole();
        var route = Route(args, console.Out, console.Error);
        if (route.ExitCode is { } exit) return exit;
        if (route.VerbArguments is not { } verbArguments)
        {
            UnknownVerb(new CrmRootCommand(), "", args, console.Error);
            return UsageError;
        }

        var root = new CrmRootCommand();
        var parse = root.Parse(verbArguments);
        var verb = (VerbCommand)parse.CommandResult.Command;

        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler cancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += cancel;
        await using var scope = services.CreateAsyncScope();
        var scoped = scope.ServiceProvider.GetRequiredService<CommandConsole>();
        (scoped.Out, scoped.Error, scoped.In) = (console.Out, console.Error, console.In);
        root.Services = scope.ServiceProvider;
        try
        {
            if (!verb.PreparesDatabase)
                await Startup.PrepareDatabaseAsync(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<IConfiguration>(), cts.Token);
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cts.Token);
        }
        catch (CommandException e)
        {
            await console.Error.WriteLineAsync(e.Message);
            await console.Error.WriteLineAsync(UsageHint(verb));
            return UsageError;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("Stopped before the work was done.");
            return Failed;
        }
        catch (Exception e)
        {
            // Cron and CI read the reason here; the log (if configured) has the stack trace.
            await console.Error.WriteLineAsync($"Failed: {e.Message}");
            return Failed;
        }
        finally
        {
            Console.CancelKeyPress -= cancel;
        }
    }

    /// <summary>The nearest verb to a mistyped one (<c>imprt</c> → <c>import</c>), or null when none is close.</summary>
    public static string? Suggest(IEnumerable<string> verbs, string typed)
    {
        var word = typed.TrimStart('-', '/').ToLowerInvariant();
        if (word.Length == 0) return null;
        return verbs
            .Select(v => (Verb: v, Distance: v.StartsWith(word, StringComparison.Ordinal) ? 0 : Distance(v, word)))
            .Where(c => c.Distance <= Math.Max(1, Math.Min(3, c.Verb.Length / 3)))
            .OrderBy(c => c.Distance).Select(c => c.Verb).FirstOrDefault();
    }

    /// <summary>How many leading arguments are the host's configuration (<c>--Key=value</c>, <c>--Key value</c>, <c>/Key value</c>).</summary>
    private static int LeadingConfigurationCount(string[] args)
    {
        var i = 0;
        while (i < args.Length && !IsHelpAlias(args[i]))
        {
            var arg = args[i];
            if (arg.Contains('=') && !arg.StartsWith('=')) i++;
            else if (arg.Length > 1 && (arg.StartsWith("--", StringComparison.Ordinal) || arg[0] == '/')) i += i + 1 < args.Length ? 2 : 1;
            else break;
        }
        return i;
    }

    /// <summary>
    /// After the verb, <c>--Key=value</c> is configuration unless <c>--Key</c> is one of the verb's own options
    /// (<c>import --kind=clients</c>); configuration is left out of what the verb parses.
    /// </summary>
    private static (string[] Configuration, string[] VerbArguments) SplitVerbArguments(VerbCommand verb, string[] args)
    {
        var own = Descendants(verb).SelectMany(c => c.Options).SelectMany(o => o.Aliases.Append(o.Name))
            .Append("--culture").ToHashSet(StringComparer.Ordinal);
        bool IsConfiguration(string a) => a.StartsWith("--", StringComparison.Ordinal) && a.IndexOf('=') is > 2 and var at && !own.Contains(a[..at]);
        return (args.Where(IsConfiguration).ToArray(), args.Where(a => !IsConfiguration(a)).ToArray());
    }

    private static bool IsHelpAlias(string arg) => arg is "--help" or "-h" or "-?" or "/?" or "/h";

    /// <summary>Prints help (exit 0) or the parse errors (exit 2); null when the verb should run.</summary>
    private static int? HelpOrError(CrmRootCommand root, ParseResult parse, TextWriter output, TextWriter error)
    {
        var culture = parse.GetValue(root.Culture);
        var command = parse.CommandResult.Command;
        if (parse.Action is HelpAction)
        {
            HelpWriter.Write(root, command, culture, output);
            return Success;
        }
        if (command.Name == CrmRootCommand.HelpVerb && parse.Errors.Count == 0)
        {
            var topic = parse.GetValue(root.HelpTopic) ?? [];
            var target = Find(root, topic);
            if (target is null)
            {
                UnknownVerb(root, string.Join(' ', topic), [], error);
                return UsageError;
            }
            HelpWriter.Write(root, target, culture, output);
            return Success;
        }
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.WriteLine(e.Message);
            error.WriteLine(UsageHint(command));
            return UsageError;
        }
        return null;
    }

    private static Command? Find(CrmRootCommand root, string[] topic)
    {
        Command current = root;
        foreach (var word in topic)
        {
            var next = current.Subcommands.FirstOrDefault(c => c.Name.Equals(word, StringComparison.OrdinalIgnoreCase));
            if (next is null) return null;
            current = next;
        }
        return current;
    }

    private static void UnknownVerb(CrmRootCommand root, string typed, string[] args, TextWriter error)
    {
        var names = root.Verbs.Select(v => v.Name).ToList();
        var suggestion = Suggest(names, typed);
        error.WriteLine(suggestion is null
            ? $"unknown command '{typed}'."
            : $"unknown command '{typed}' — did you mean '{suggestion}'?");
        if (suggestion is not null && args.Length > 1)
            error.WriteLine($"  {HelpWriter.Program} {suggestion} {string.Join(' ', args.SkipWhile(a => a != typed).Skip(1))}");
        error.WriteLine("Verbs: " + string.Join(", ", names));
        error.WriteLine($"Run '{HelpWriter.Program} help' to see what each verb does; run it without arguments for the web app.");
    }

    private static string UsageHint(Command command) =>
        $"Usage: {HelpWriter.Usage(command)}{Environment.NewLine}Run '{HelpWriter.Program} help {HelpWriter.Path(command)}' for its options and examples.";

    /// <summary>Levenshtein distance: the fewest single-letter edits from one word to the other.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    private static IEnumerable<Command> Descendants(Command command) =>
        command.Subcommands.SelectMany(Descendants).Prepend(command);
}
