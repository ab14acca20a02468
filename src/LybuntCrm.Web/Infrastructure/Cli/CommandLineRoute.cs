namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>
/// What the process does, decided from its arguments before the host is built: run the web app, run a verb with
/// its configuration arguments, or exit at once (help printed, or a usage error).
/// </summary>
public sealed record CommandLineRoute(string[] ConfigurationArguments, string[]? VerbArguments, int? ExitCode)
{
    public bool RunsWebApp => VerbArguments is null && ExitCode is null;
}
