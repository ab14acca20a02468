using LybuntCrm.Web.Features.Import;
using LybuntCrm.Web.Features.Telegram;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Cli;
using LybuntCrm.Web.Infrastructure.Email;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Jobs;
using LybuntCrm.Web.Infrastructure.Security;

// A command-line verb (migrate, users, jobs, import, ...) runs instead of the web app and exits.
var verb = CommandLine.Verb(args);
var builder = WebApplication.CreateBuilder(verb is null ? args : CommandLine.ConfigurationArguments(args));
builder.AddCrmLogging();

var services = builder.Services;
var configuration = builder.Configuration;
services.AddCrmCoreServices();
services.AddCrmDatabase(configuration, builder.Environment);
services.AddCrmEmail(configuration);
services.AddCrmSecurity();
services.AddCrmLocalization();
services.AddCrmPages();
services.AddCrmJobs(configuration, builder.Environment, runServer: verb is null && configuration.GetValue("Jobs:RunServer", true));
services.AddCrmCommands();
services.AddCrmImport(configuration);
services.AddCrmTelegram(configuration);
if (verb is null) services.AddCrmTelegramPoller();

var app = builder.Build();

if (verb is not null)
{
    Environment.ExitCode = await CommandLine.RunAsync(app.Services, args);
    return;
}

await Startup.PrepareDatabaseAsync(app.Services, app.Configuration);
app.RegisterRecurringJobs();
app.UseCrmPipeline();
app.MapCrmEndpoints();
app.Run();

public partial class Program;
