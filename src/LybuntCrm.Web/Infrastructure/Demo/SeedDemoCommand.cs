using System.CommandLine;
using LybuntCrm.Web.Infrastructure.Cli;
using static LybuntCrm.Web.Infrastructure.Cli.VerbText;

namespace LybuntCrm.Web.Infrastructure.Demo;

/// <summary><c>seed-demo</c>: loads the demo dataset once (a second run changes nothing).</summary>
public sealed class SeedDemoCommand(DemoData demo, CommandConsole console)
{
    public static VerbCommand Define()
    {
        var password = new Option<string>("--password") { HelpName = "PASSWORD", Description = T("The password of the demo managers, so that you can sign in as them.") };
        return new VerbCommand("seed-demo", T("Loads the demo clients, purchases and touches."), "seed-demo --password 'demo-password'") { password }
            .Runs<SeedDemoCommand>((verb, p, ct) => verb.RunAsync(p.GetValue(password), ct));
    }

    public async Task<int> RunAsync(string? password, CancellationToken ct)
    {
        var result = await demo.LoadAsync(password, ct);
        await console.Out.WriteLineAsync(result.AlreadyLoaded
            ? "Demo data is already loaded."
            : $"Demo data loaded: {result.Clients} clients, {result.Purchases} purchases, {result.Touchpoints} touchpoints.");
        return CommandLine.Success;
    }
}
