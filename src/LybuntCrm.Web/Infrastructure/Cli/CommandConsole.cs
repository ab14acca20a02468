namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>Where a verb writes and reads: the process console, or a test's writers.</summary>
public sealed class CommandConsole
{
    public TextWriter Out { get; set; } = Console.Out;

    public TextWriter Error { get; set; } = Console.Error;

    /// <summary>Read for <c>--password -</c>, so that a password stays out of the shell history and the process list.</summary>
    public TextReader In { get; set; } = Console.In;

    /// <summary>
    /// True when a person watches the output: progress then rewrites one line; redirected to a file or a pipe
    /// (cron, CI) each step is a plain line.
    /// </summary>
    public bool IsTerminal => ReferenceEquals(Out, Console.Out) && !Console.IsOutputRedirected;
}
