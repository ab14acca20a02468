using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using LybuntCrm.Web.Infrastructure.Jobs;
using static LybuntCrm.Web.Infrastructure.Cli.VerbText;

namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary><c>jobs run ID</c>: runs a recurring job now, through the same <see cref="JobRunner"/> as the schedule.</summary>
public sealed class JobsCommand(JobRunner runner, CommandConsole console)
{
    public static VerbCommand Define()
    {
        var id = new Argument<string>("id") { Description = T("The job to run; the examples list every job id.") };
        id.AcceptOnlyFromAmong([.. RecurringJobs.All.Select(j => j.Id)]);
        var json = VerbCommand.JsonFlag();
        var run = new VerbCommand("run", T("Runs a job now and waits until it has finished."),
            [.. RecurringJobs.All.Select(j => $"jobs run {j.Id}").Append($"jobs run {RecurringJobs.All[0].Id} --json")])
        {
            id, json,
        }.Runs<JobsCommand>((verb, p, ct) => verb.RunAsync(p.GetRequiredValue(id), p.GetValue(json), ct));
        return new VerbCommand("jobs", T("Runs the recurring jobs by hand, e.g. from cron when the web app runs no job server.")) { run };
    }

    public async Task<int> RunAsync(string id, bool json, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        if (!json)
        {
            async Task<bool> RunJobAsync()
            {
                await runner.RunAsync(id, ct);
                return true;
            }
            await CommandProgress.ShowAsync(console, RunJobAsync(), () => Task.FromResult($"Job {id} running… {started.Elapsed.TotalSeconds:0} s"));
            await console.Out.WriteLineAsync($"Job {id} finished.");
            return CommandLine.Success;
        }
        string? error = null;
        try
        {
            await runner.RunAsync(id, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = e.Message;
            await console.Error.WriteLineAsync($"Job {id} failed: {e.Message}");
        }
        var result = new { job = id, succeeded = error is null, error, seconds = Math.Round(started.Elapsed.TotalSeconds, 3) };
        await console.Out.WriteLineAsync(JsonSerializer.Serialize(result, JsonSerializerOptions.Web));
        return error is null ? CommandLine.Success : CommandLine.Failed;
    }
}
