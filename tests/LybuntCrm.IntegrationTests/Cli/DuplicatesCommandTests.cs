using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Features.Clients.Duplicates;
using LybuntCrm.Web.Infrastructure.Cli;
using Microsoft.Extensions.DependencyInjection;
using static LybuntCrm.IntegrationTests.Features.Clients.Duplicates.DuplicateSeed;

namespace LybuntCrm.IntegrationTests.Cli;

/// <summary><c>duplicates scan</c>: the nightly scan run now, its top pairs printed for scripts.</summary>
public sealed class DuplicatesCommandTests
{
    private static async Task<(int ExitCode, string Out)> RunAsync(CrmApp app, params string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var command = scope.ServiceProvider.GetServices<ICommand>().OfType<DuplicatesCommand>().Single();
        using var output = new StringWriter();
        command.Out = output;
        var exitCode = await command.RunAsync(new CommandArgs(args), CancellationToken.None);
        return (exitCode, output.ToString());
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
        await FluentActions.Awaiting(() => RunAsync(app, "merge")).Should().ThrowAsync<CommandException>().WithMessage("The only action is 'scan'.");
        await FluentActions.Awaiting(() => RunAsync(app, "scan", "--top", "zero")).Should().ThrowAsync<CommandException>();
    }
}
