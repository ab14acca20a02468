namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>A mistake in how a verb was called that only its handler can see (an unknown user, a missing file); exit code 2.</summary>
public sealed class CommandException(string message) : Exception(message);
