using LybuntCrm.Web.Infrastructure.Jobs;

namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>A command-line verb run instead of the web app, e.g. <c>migrate</c> or <c>users add</c>.</summary>
public interface ICommand
{
    string Name { get; }
    string Usage { get; }
    /// <summary>Options that take no value (<c>--dry-run</c>): the word after one is never taken as its value.</summary>
    IReadOnlyCollection<string> Flags => [];
    /// <summary>Runs the verb with the arguments after its name; returns the process exit code.</summary>
    Task<int> RunAsync(CommandArgs args, CancellationToken ct);
}

public static class CommandLine
{
    private static readonly string[] Verbs = ["migrate", "seed-demo", "users", "jobs", "import", "backup", "mailbox", "duplicates", "help", "--help"];

    /// <summary>The verb when the first argument names one; null runs the web app.</summary>
    public static string? Verb(string[] args) =>
        args.Length > 0 && Verbs.Contains(args[0], StringComparer.OrdinalIgnoreCase) ? args[0].ToLowerInvariant() : null;

    /// <summary>Only <c>--Key=value</c> arguments reach configuration when a verb runs; the rest belong to the verb.</summary>
    public static string[] ConfigurationArguments(string[] args) =>
        args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray();

    public static IServiceCollection AddCrmCommands(this IServiceCollection services)
    {
        foreach (var type in typeof(CommandLine).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICommand).IsAssignableFrom(t)))
            services.AddScoped(typeof(ICommand), type);
        return services;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        await using var scope = services.CreateAsyncScope();
        var commands = scope.ServiceProvider.GetServices<ICommand>().ToList();
        var rest = args.Where(a => !(a.StartsWith("--", StringComparison.Ordinal) && a.Contains('='))).ToArray();
        var command = commands.FirstOrDefault(c => c.Name.Equals(rest[0], StringComparison.OrdinalIgnoreCase));
        if (command is null)
        {
            Console.WriteLine("Usage: LybuntCrm.Web <verb> [options]   (no verb runs the web app)");
            foreach (var c in commands.OrderBy(c => c.Name)) Console.WriteLine("  " + c.Usage);
            Console.WriteLine("Jobs: " + string.Join(", ", RecurringJobs.All.Select(j => j.Id)));
            return rest[0] is "help" or "--help" ? 0 : 2;
        }
        try
        {
            if (command.Name != "migrate")
                await Startup.PrepareDatabaseAsync(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<IConfiguration>(), cts.Token);
            return await command.RunAsync(new CommandArgs(rest.Skip(1).ToArray(), command.Flags), cts.Token);
        }
        catch (CommandException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            await Console.Error.WriteLineAsync("Usage: " + command.Usage);
            return 2;
        }
    }
}

/// <summary>A mistake in how a verb was called; printed with the usage, exit code 2.</summary>
public sealed class CommandException(string message) : Exception(message);

/// <summary>Positional arguments, <c>--name value</c> options and value-less flags of one verb.</summary>
public sealed class CommandArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.OrdinalIgnoreCase);

    public CommandArgs(string[] args, IReadOnlyCollection<string>? flags = null)
    {
        var isFlag = new HashSet<string>(flags ?? [], StringComparer.OrdinalIgnoreCase);
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = args[i][2..];
                var hasValue = !isFlag.Contains(name) && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                _options[name] = hasValue ? args[++i] : null;
            }
            else
            {
                positional.Add(args[i]);
            }
        }
        Positional = positional;
    }

    public IReadOnlyList<string> Positional { get; }

    public bool Flag(string name) => _options.ContainsKey(name);

    public string? Option(string name) => _options.TryGetValue(name, out var value) ? value : null;

    public string Required(string name) =>
        Option(name) is { Length: > 0 } value ? value : throw new CommandException($"--{name} is required.");

    public string Position(int index, string what) =>
        index < Positional.Count ? Positional[index] : throw new CommandException($"Missing {what}.");
}
