using LybuntCrm.Web.Features.Api;
using LybuntCrm.Web.Features.Import;
using LybuntCrm.Web.Features.Telegram;
using LybuntCrm.Web.Features.Webhooks;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Cli;
using LybuntCrm.Web.Infrastructure.Email;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Jobs;
using LybuntCrm.Web.Infrastructure.Security;

// A command-line verb (migrate, users, jobs, import, ...) runs instead of the web app and exits; help and wrong calls
// are answered here, before anything is built, so a mistyped verb never starts the web server.
var route = CommandLine.Route(args);
if (route.ExitCode is { } exitCode)
{
    Environment.ExitCode = exitCode;
    return;
}
var runsWebApp = route.RunsWebApp;
var builder = WebApplication.CreateBuilder(runsWebApp ? args : route.ConfigurationArguments);
builder.AddCrmLogging(toStandardError: !runsWebApp);

var services = builder.Services;
var configuration = builder.Configuration;
services.AddCrmCoreServices();
services.AddCrmDatabase(configuration, builder.Environment);
services.AddCrmEmail(configuration);
services.AddCrmSecurity();
services.AddCrmApi();
services.AddCrmLocalization();
services.AddCrmPages();
services.AddCrmJobs(configuration, builder.Environment, runServer: runsWebApp && configuration.GetValue("Jobs:RunServer", true));
services.AddCrmCommands();
services.AddCrmImport(configuration);
services.AddCrmTelegram(configuration);
services.AddCrmWebhooks();
if (runsWebApp) services.AddCrmTelegramPoller();

var app = builder.Build();

if (route.VerbArguments is { } verbArguments)
{
    Environment.ExitCode = await CommandLine.RunAsync(app.Services, verbArguments);
    return;
}

await Startup.PrepareDatabaseAsync(app.Services, app.Configuration);
app.RegisterRecurringJobs();
app.UseCrmPipeline();
app.MapCrmEndpoints();
app.MapCrmApi();
app.Run();

public partial class Program;
