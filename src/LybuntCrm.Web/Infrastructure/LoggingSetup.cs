using System.Globalization;
using Serilog;

namespace LybuntCrm.Web.Infrastructure;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog to the console and to daily files under the data directory, with line breaks in values escaped. The app
    /// logs through its own logger, not Serilog's process-wide <c>Log.Logger</c>: with the static one, two apps in one
    /// process (the integration tests) would write to whichever started last, and the first to stop would close it.
    /// </summary>
    public static WebApplicationBuilder AddCrmLogging(this WebApplicationBuilder builder)
    {
        builder.Host.UseSerilog(preserveStaticLogger: true, configureLogger: (context, services, log) => log
            .ReadFrom.Configuration(context.Configuration)
            .Enrich.FromLogContext()
            .Enrich.With<LineBreakEscapingEnricher>()
            .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture)
            .WriteTo.File(
                Path.Combine(Database.DataDirectory(context.Configuration, context.HostingEnvironment), "logs", "lybunt-.log"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, formatProvider: CultureInfo.InvariantCulture));
        return builder;
    }
}
