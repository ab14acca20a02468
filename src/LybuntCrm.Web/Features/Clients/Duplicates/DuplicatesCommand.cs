using System.Globalization;
using LybuntCrm.Web.Infrastructure.Cli;

namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>
/// <c>duplicates scan [--top N]</c>: finds the likely duplicates now (as the nightly job does) and prints the top pairs, one
/// a line, tab-separated: score, reasons, name similarity, both ids and both names. Exit code 0.
/// </summary>
public sealed class DuplicatesCommand(DuplicateScan scan, DuplicateList list) : ICommand
{
    public string Name => "duplicates";

    public string Usage => "duplicates scan [--top 20]    find likely duplicate clients now and print the top pairs";

    /// <summary>Where the command writes (the console; a test reads it).</summary>
    public TextWriter Out { get; set; } = Console.Out;

    public async Task<int> RunAsync(CommandArgs args, CancellationToken ct)
    {
        if (args.Position(0, "action (scan)") != "scan") throw new CommandException("The only action is 'scan'.");
        var top = 20;
        if (args.Option("top") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 10_000))
            throw new CommandException("--top must be a number from 1 to 10000.");
        var outcome = await scan.RunAsync(ct);
        await Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{outcome.Pairs} likely duplicate pairs among {outcome.Clients} clients ({outcome.Candidates} compared) in {outcome.Elapsed.TotalSeconds:0.0} s."));
        foreach (var pair in await list.TopAsync(top, ownerId: null, ct))
            await Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{pair.Score}\t{pair.Reasons}\t{pair.NameSimilarity}%\t{pair.A.Id}\t{pair.A.Name}\t{pair.B.Id}\t{pair.B.Name}"));
        return 0;
    }
}
