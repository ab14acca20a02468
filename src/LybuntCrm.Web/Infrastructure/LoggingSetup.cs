using System.Globalization;
using Serilog;
using Serilog.Events;

namespace LybuntCrm.Web.Infrastructure;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog to the console and to daily files under the data directory, with line breaks in values escaped. The app
    /// logs through its own logger, not Serilog's process-wide <c>Log.Logger</c>: with the static one, two apps in one
    /// process (the integration tests) would write to whichever started last, and the first to stop would close it.
    /// A command-line verb logs to standard error, so that its standard output (e.g. <c>--json</c>) is its result alone.
    /// </summary>
    public static WebApplicationBuilder AddCrmLogging(this WebApplicationBuilder builder, bool toStandardError = false)
    {
        builder.Host.UseSerilog(preserveStaticLogger: true, configureLogger: (context, services, log) => log
            .ReadFrom.Configuration(context.Configuration)
            .Enrich.FromLogContext()
            .Enrich.With<LineBreakEscapingEnricher>()
            .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture, standardErrorFromLevel: toStandardError ? LogEventLevel.Verbose : null)
            .WriteTo.File(
                Path.Combine(Database.DataDirectory(context.Configuration, context.HostingEnvironment), "logs", "lybunt-.log"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, formatProvider: CultureInfo.InvariantCulture));
        return builder;
    }
}
