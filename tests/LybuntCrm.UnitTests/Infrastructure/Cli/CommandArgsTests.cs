using LybuntCrm.Web.Infrastructure.Cli;

namespace LybuntCrm.UnitTests.Infrastructure.Cli;

public sealed class CommandArgsTests
{
    [Fact]
    public void A_flag_before_the_file_leaves_the_file_a_positional_argument()
    {
        var args = new CommandArgs(["--dry-run", "clients.csv", "--kind", "clients"], ["dry-run"]);
        args.Flag("dry-run").Should().BeTrue();
        args.Position(0, "the file").Should().Be("clients.csv");
        args.Option("kind").Should().Be("clients");
    }

    [Fact]
    public void An_option_takes_the_word_after_it_and_an_option_without_one_reads_as_set()
    {
        var args = new CommandArgs(["clients.csv", "--owner", "an@example.com", "--decimal-comma"], ["decimal-comma"]);
        args.Option("owner").Should().Be("an@example.com");
        args.Flag("decimal-comma").Should().BeTrue();
        args.Flag("dry-run").Should().BeFalse();
        args.Positional.Should().Equal("clients.csv");
    }
}
