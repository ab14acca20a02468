using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using static LybuntCrm.Web.Infrastructure.Cli.VerbText;

namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>
/// A verb (or a verb's action, as <c>users add</c>): its arguments and options as System.CommandLine declares them, its
/// description and examples for <c>help</c>, and the handler that runs it with the app's services.
/// </summary>
public sealed class VerbCommand(string name, string description, params string[] examples) : Command(name, description)
{
    /// <summary>Complete command lines (without the program name) that <c>help</c> shows.</summary>
    public IReadOnlyList<string> Examples { get; } = examples;

    /// <summary>Only <c>migrate</c> prepares the database itself; every other verb finds it created and upgraded.</summary>
    public bool PreparesDatabase { get; set; }

    /// <summary>The handler's type, registered as a scoped service so that it can take the DbContext.</summary>
    public Type? HandlerType { get; private set; }

    /// <summary>
    /// Declares what runs the verb: <typeparamref name="THandler"/> is created in the command's own scope and
    /// <paramref name="run"/> reads the parsed values and returns the exit code.
    /// </summary>
    public VerbCommand Runs<THandler>(Func<THandler, ParseResult, CancellationToken, Task<int>> run) where THandler : class
    {
        HandlerType = typeof(THandler);
        SetAction((parse, ct) => run(Services(parse).GetRequiredService<THandler>(), parse, ct));
        return this;
    }

    /// <summary>An option that takes no value (<c>--dry-run</c>): the word after it is never read as its value.</summary>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary><c>--json</c>: the result as one JSON document on standard output, for scripts.</summary>
    public static Option<bool> JsonFlag() => Flag("--json", T("Prints the result as JSON for scripts."));

    private static IServiceProvider Services(ParseResult parse) =>
        (parse.RootCommandResult.Command as CrmRootCommand)?.Services
        ?? throw new InvalidOperationException("A verb runs through CommandLine.RunAsync, which gives it the app's services.");
}
