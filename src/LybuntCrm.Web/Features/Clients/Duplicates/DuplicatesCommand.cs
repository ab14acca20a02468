using System.CommandLine;
using System.Globalization;
using LybuntCrm.Web.Infrastructure.Cli;
using static LybuntCrm.Web.Infrastructure.Cli.VerbText;

namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>
/// <c>duplicates scan [--top N]</c>: finds the likely duplicates now (as the nightly job does) and prints the top pairs, one
/// a line, tab-separated: score, reasons, name similarity, both ids and both names. Exit code 0.
/// </summary>
public sealed class DuplicatesCommand(DuplicateScan scan, DuplicateList list, CommandConsole console)
{
    public static VerbCommand Define()
    {
        var top = new Option<int>("--top")
        {
            HelpName = "N",
            DefaultValueFactory = _ => 20,
            Description = T("How many pairs to print, best first (1 to 10000)."),
        };
        top.Validators.Add(result =>
        {
            // A value that is not a number is refused by the parser itself; this checks the range of one that is.
            if (result.Tokens is [var token] && int.TryParse(token.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is < 1 or > 10_000)
                result.AddError(T("--top must be a number from 1 to 10000."));
        });
        var scanVerb = new VerbCommand("scan", T("Finds likely duplicate clients now, as the nightly job does, and prints the top pairs."),
            "duplicates scan --top 20")
        {
            top,
        }.Runs<DuplicatesCommand>((verb, p, ct) => verb.ScanAsync(p.GetValue(top), ct));
        return new VerbCommand("duplicates", T("Likely duplicate clients, for scripted checks.")) { scanVerb };
    }

    public async Task<int> ScanAsync(int top, CancellationToken ct)
    {
        var outcome = await scan.RunAsync(ct);
        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{outcome.Pairs} likely duplicate pairs among {outcome.Clients} clients ({outcome.Candidates} compared) in {outcome.Elapsed.TotalSeconds:0.0} s."));
        foreach (var pair in await list.TopAsync(top, ownerId: null, ct))
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{pair.Score}\t{pair.Reasons}\t{pair.NameSimilarity}%\t{pair.A.Id}\t{pair.A.Name}\t{pair.B.Id}\t{pair.B.Name}"));
        return CommandLine.Success;
    }
}
