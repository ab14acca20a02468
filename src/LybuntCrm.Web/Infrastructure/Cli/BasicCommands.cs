using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Jobs;
using LybuntCrm.Web.Infrastructure.Security;

namespace LybuntCrm.Web.Infrastructure.Cli;

public sealed class MigrateCommand(IServiceProvider services, IConfiguration configuration) : ICommand
{
    public string Name => "migrate";
    public string Usage => "migrate                      create or upgrade the database";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken ct)
    {
        await Startup.PrepareDatabaseAsync(services, configuration, ct);
        Console.WriteLine("Database is up to date.");
        return 0;
    }
}

public sealed class UsersCommand(UserAccounts accounts) : ICommand
{
    public string Name => "users";
    public string Usage => "users add --email E --password P --role Admin|AccountManager [--name N] [--timezone Z] [--capacity N]";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken ct)
    {
        if (args.Position(0, "action (add)") != "add") throw new CommandException("The only action is 'add'.");
        var capacityText = args.Option("capacity");
        var capacity = AppUser.DefaultDailyCapacity;
        if (capacityText is not null && !int.TryParse(capacityText, out capacity))
            throw new CommandException("--capacity must be a whole number.");
        var email = args.Required("email");
        var result = await accounts.CreateAsync(new NewUser(email, args.Required("password"),
            args.Option("name") ?? email, args.Required("role"), args.Option("timezone") ?? "UTC", capacity));
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync("User not created: " + result.ErrorText);
            return 1;
        }
        Console.WriteLine($"User {email} created.");
        return 0;
    }
}

public sealed class JobsCommand(JobRunner runner) : ICommand
{
    public string Name => "jobs";
    public string Usage => "jobs run <id>                run a job now (see the list of job ids below)";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken ct)
    {
        if (args.Position(0, "action (run)") != "run") throw new CommandException("The only action is 'run'.");
        var id = args.Position(1, "job id");
        if (RecurringJobs.Find(id) is null)
            throw new CommandException($"Unknown job '{id}'. Jobs: {string.Join(", ", RecurringJobs.All.Select(j => j.Id))}.");
        await runner.RunAsync(id, ct);
        Console.WriteLine($"Job {id} finished.");
        return 0;
    }
}
