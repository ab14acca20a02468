using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Infrastructure.Cli;
using static LybuntCrm.IntegrationTests.Features.Clients.Duplicates.DuplicateSeed;

namespace LybuntCrm.IntegrationTests.Cli;

/// <summary><c>duplicates scan</c>: the nightly scan run now, its top pairs printed for scripts.</summary>
public sealed class DuplicatesCommandTests
{
    private static async Task<(int ExitCode, string Out)> RunAsync(CrmApp app, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(app.Services, ["duplicates", .. args], new CommandConsole { Out = output, Error = error });
        return (exitCode, output.ToString() + error.ToString());
    }

    [Fact]
    public async Task Scan_prints_the_top_pairs_best_first()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var a = await ClientAsync(app, "Công ty TNHH Thái Bình Dương", managerId, phone: "+84903123456");
        var b = await ClientAsync(app, "THAI BINH DUONG CO., LTD", managerId, phone: "+84903123456");
        var c = await ClientAsync(app, "Orchid Hall", managerId);
        var d = await ClientAsync(app, "Orchid Hall LLC", managerId);
        await ClientAsync(app, "Nothing Alike", managerId);

        var (exitCode, output) = await RunAsync(app, "scan", "--top", "5");

        exitCode.Should().Be(0);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].Should().StartWith("2 likely duplicate pairs among 5 clients");
        lines[1].Split('\t').Should().Equal("96", "SamePhone, SimilarName", "100%", $"{a}", "Công ty TNHH Thái Bình Dương", $"{b}", "THAI BINH DUONG CO., LTD");
        lines[2].Split('\t').Should().Equal("80", "SimilarName", "100%", $"{c}", "Orchid Hall", $"{d}", "Orchid Hall LLC");
        lines.Should().HaveCount(3);
        (await RunAsync(app, "scan", "--top", "1")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_wrong_call_says_how_to_call_it()
    {
        using var app = new CrmApp();
        var (exitCode, output) = await RunAsync(app, "merge");
        exitCode.Should().Be(CommandLine.UsageError);
        output.Should().Contain("merge");
        (await RunAsync(app, "scan", "--top", "zero")).ExitCode.Should().Be(CommandLine.UsageError);
        (await RunAsync(app, "scan", "--top", "0")).Out.Should().Contain("--top must be a number from 1 to 10000.");
    }
}
