using System.CommandLine;
using LybuntCrm.Web.Infrastructure.Cli;

namespace LybuntCrm.UnitTests.Infrastructure.Cli;

public sealed class HelpWriterTests
{
    private static (int? ExitCode, string Out) Help(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var route = CommandLine.Route(args, output, error);
        error.ToString().Should().BeEmpty();
        return (route.ExitCode, output.ToString());
    }

    private static IEnumerable<Command> Descendants(Command command) => command.Subcommands.SelectMany(Descendants).Prepend(command);

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_lists_every_registered_verb_and_the_exit_codes(string help)
    {
        var (exitCode, output) = Help(help);

        exitCode.Should().Be(CommandLine.Success);
        var root = new CrmRootCommand();
        root.Verbs.Should().HaveCountGreaterThan(7);
        foreach (var verb in root.Verbs) output.Should().Contain($"  {verb.Name} ").And.Contain(verb.Description);
        output.Should().Contain("Exit codes: 0 done, 1 the work failed");
    }

    [Fact]
    public void Help_for_a_verb_and_verb_help_describe_every_option_and_argument_with_an_example()
    {
        var root = new CrmRootCommand();
        foreach (var verb in root.Verbs)
        {
            var (exitCode, output) = Help("help", verb.Name);
            exitCode.Should().Be(CommandLine.Success);
            Help(verb.Name, "--help").Out.Should().Be(output);

            foreach (var command in Descendants(verb))
            {
                output.Should().Contain(command.Description, "help {0} describes {1}", verb.Name, command.Name);
                foreach (var option in command.Options.Where(o => o.Name != "--help"))
                    output.Should().Contain(option.Name).And.Contain(option.Description, "help {0} describes {1}", verb.Name, option.Name);
                foreach (var argument in command.Arguments)
                    output.Should().Contain($"<{argument.Name}>").And.Contain(argument.Description);
                if (command.Subcommands.Count == 0)
                    ((VerbCommand)command).Examples.Should().NotBeEmpty("{0} shows how it is called", HelpWriter.Path(command));
            }
            output.Should().Contain("Examples:");
        }
    }

    [Fact]
    public void Help_of_an_action_describes_that_action_only()
    {
        var (_, output) = Help("help", "users", "add");

        output.Should().StartWith("Usage: LybuntCrm.Web users add [options]").And.Contain("--capacity").And.NotContain("users list");
    }

    [Fact]
    public void Help_in_vietnamese_and_persian_comes_from_the_resources()
    {
        var vietnamese = Help("help", "import", "--culture", "vi").Out;
        var persian = Help("import", "--help", "--culture", "fa").Out;
        var english = Help("help", "import").Out;
        var cultureFirst = Help("--culture", "vi", "help", "import").Out;

        vietnamese.Should().Contain("Cách dùng:").And.Contain("Tệp CSV cần đọc.").And.Contain("Ví dụ:").And.NotContain("Usage:");
        persian.Should().Contain("کاربرد:").And.Contain("فایل CSV برای خواندن.").And.NotContain("The CSV file to read.");
        english.Should().Contain("Usage:").And.Contain("The CSV file to read.");
        cultureFirst.Should().Be(vietnamese);
    }

    [Fact]
    public void Help_for_an_unknown_verb_is_a_usage_error()
    {
        using var error = new StringWriter();
        CommandLine.Route(["help", "imprt"], TextWriter.Null, error).ExitCode.Should().Be(CommandLine.UsageError);
        error.ToString().Should().Contain("did you mean 'import'?");
    }
}
