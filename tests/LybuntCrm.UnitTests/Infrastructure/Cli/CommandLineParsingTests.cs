using System.CommandLine;
using LybuntCrm.Web.Infrastructure.Cli;

namespace LybuntCrm.UnitTests.Infrastructure.Cli;

/// <summary>How the command line is read before the host is built: verbs, their options, configuration and wrong calls.</summary>
public sealed class CommandLineParsingTests
{
    private static (CommandLineRoute Route, string Out, string Error) Route(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var route = CommandLine.Route(args, output, error);
        return (route, output.ToString(), error.ToString());
    }

    private static ParseResult Parse(params string[] args)
    {
        var route = Route(args).Route;
        route.VerbArguments.Should().NotBeNull("the call {0} is valid", string.Join(' ', args));
        var parse = new CrmRootCommand().Parse(route.VerbArguments!);
        parse.Errors.Should().BeEmpty();
        return parse;
    }

    public static TheoryData<string> ValidCalls => new()
    {
        "migrate",
        "seed-demo",
        "seed-demo --password demo-password",
        "users add --email a@example.com --password secret-pass --role Admin",
        "users add --email a@example.com --password secret-pass --role AccountManager --name Ann --timezone Europe/London --capacity 5",
        "users list",
        "users list --json",
        "jobs run lybunt-flag",
        "jobs run outbox-send --json",
        "import clients.csv --kind clients",
        "import clients.csv --kind purchases --dry-run --create-missing-clients --owner a@example.com --encoding utf-8 --delimiter ; --date-format dd/MM/yyyy --decimal-comma --mapping Shop --json",
        "backup /tmp/crm.db",
        "mailbox add --user team --host imap.example.com --port 993 --security SslOnConnect --username crm --password -",
        "mailbox add --user a@example.com --host h --port 143 --security starttls --username u --password p --folders INBOX,Sent --smtp-host s --smtp-port 587 --smtp-security StartTls",
        "mailbox list",
        "mailbox list --json",
        "mailbox remove --user team",
    };

    [Theory]
    [MemberData(nameof(ValidCalls))]
    public void Every_verb_accepts_its_documented_options(string call)
    {
        var (route, _, error) = Route(call.Split(' '));

        error.Should().BeEmpty();
        route.ExitCode.Should().BeNull();
        route.VerbArguments.Should().Equal(call.Split(' '));
    }

    [Theory]
    [InlineData("import clients.csv --kind", "--kind")]
    [InlineData("import --kind clients", "import <file>")]
    [InlineData("users add --email a@example.com --password p --role", "--role")]
    [InlineData("users add --email a@example.com --role Admin", "--password")]
    [InlineData("seed-demo --password", "--password")]
    [InlineData("jobs run", "jobs run <id>")]
    [InlineData("backup", "backup <file>")]
    [InlineData("mailbox add --user team --host h --port --security None --username u --password p", "--port")]
    [InlineData("mailbox remove --user", "--user")]
    public void A_missing_value_is_a_usage_error_that_names_what_is_missing(string call, string missing)
    {
        var (route, _, error) = Route(call.Split(' '));

        route.ExitCode.Should().Be(CommandLine.UsageError);
        route.VerbArguments.Should().BeNull();
        error.Should().Contain(missing).And.Contain("help " + call.Split(' ')[0]);
    }

    [Theory]
    [InlineData("migrate --bogus")]
    [InlineData("seed-demo --bogus")]
    [InlineData("users add --email a@example.com --password p --role Admin --bogus")]
    [InlineData("users list --bogus")]
    [InlineData("jobs run lybunt-flag --bogus")]
    [InlineData("import clients.csv --kind clients --bogus")]
    [InlineData("backup /tmp/crm.db --bogus")]
    [InlineData("mailbox list --bogus")]
    [InlineData("mailbox remove --user team --bogus")]
    public void An_unknown_option_is_a_usage_error(string call)
    {
        var (route, _, error) = Route(call.Split(' '));

        route.ExitCode.Should().Be(CommandLine.UsageError);
        error.Should().Contain("'--bogus'");
    }

    [Theory]
    [InlineData("users add --email a@example.com --password p --role Owner")]
    [InlineData("users add --email a@example.com --password p --role Admin --capacity many")]
    [InlineData("jobs run no-such-job")]
    [InlineData("mailbox add --user team --host h --port 99999 --security None --username u --password p")]
    [InlineData("mailbox add --user team --host h --port 993 --security 1 --username u --password p")]
    [InlineData("mailbox rename")]
    [InlineData("users")]
    public void A_value_out_of_range_or_a_missing_action_is_refused_before_anything_runs(string call)
    {
        Route(call.Split(' ')).Route.ExitCode.Should().Be(CommandLine.UsageError);
    }

    [Fact]
    public void Value_less_flags_before_the_file_leave_the_file_as_the_argument()
    {
        var parse = Parse("import", "--dry-run", "--create-missing-clients", "clients.csv", "--decimal-comma", "--kind", "purchases");

        parse.GetValue<string>("file").Should().Be("clients.csv");
        parse.GetValue<bool>("--dry-run").Should().BeTrue();
        parse.GetValue<bool>("--create-missing-clients").Should().BeTrue();
        parse.GetValue<bool>("--decimal-comma").Should().BeTrue();
        parse.GetValue<bool>("--json").Should().BeFalse();
        parse.GetValue<string>("--kind").Should().Be("purchases");
    }

    [Fact]
    public void An_option_takes_the_word_after_it_and_an_own_option_may_use_an_equals_sign()
    {
        var parse = Parse("import", "clients.csv", "--owner", "an@example.com", "--kind=clients");

        parse.GetValue<string>("--owner").Should().Be("an@example.com");
        parse.GetValue<string>("--kind").Should().Be("clients");
    }

    [Fact]
    public void Configuration_arguments_before_and_after_the_verb_go_to_the_host_and_not_to_the_verb()
    {
        var (route, _, error) = Route("--Database:Provider=Postgres", "migrate", "--ConnectionStrings:Default=Host=db;Database=crm");

        error.Should().BeEmpty();
        route.VerbArguments.Should().Equal("migrate");
        route.ConfigurationArguments.Should().Equal("--Database:Provider=Postgres", "--ConnectionStrings:Default=Host=db;Database=crm");
    }

    [Fact]
    public void Configuration_after_an_action_stays_out_of_its_options()
    {
        var (route, _, _) = Route("jobs", "run", "--Jobs:RunServer=false", "outbox-send", "--json");

        route.VerbArguments.Should().Equal("jobs", "run", "outbox-send", "--json");
        route.ConfigurationArguments.Should().Equal("--Jobs:RunServer=false");
    }

    [Theory]
    [InlineData]
    [InlineData("--urls", "http://127.0.0.1:5080")]
    [InlineData("--Database:Provider=Postgres", "--urls=http://127.0.0.1:5080")]
    [InlineData("--environment", "Development", "urls=http://127.0.0.1:5080")]
    public void No_verb_runs_the_web_app_with_every_argument_as_configuration(params string[] args)
    {
        var (route, output, error) = Route(args);

        route.RunsWebApp.Should().BeTrue();
        route.ConfigurationArguments.Should().Equal(args);
        (output + error).Should().BeEmpty();
    }

    [Theory]
    [InlineData("imprt", "import")]
    [InlineData("migrat", "migrate")]
    [InlineData("user", "users")]
    [InlineData("mailboxes", "mailbox")]
    [InlineData("seed", "seed-demo")]
    public void A_mistyped_verb_exits_with_2_and_suggests_the_verb_meant(string typed, string meant)
    {
        var (route, output, error) = Route(typed, "clients.csv");

        route.ExitCode.Should().Be(CommandLine.UsageError);
        route.RunsWebApp.Should().BeFalse();
        output.Should().BeEmpty();
        error.Should().Contain($"unknown command '{typed}' — did you mean '{meant}'?");
        foreach (var verb in new CrmRootCommand().Verbs) error.Should().Contain(verb.Name);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("clients.csv")]
    [InlineData("--Database:Provider=Postgres", "frobnicate")]
    public void Any_other_first_word_exits_with_2_without_a_suggestion(params string[] args)
    {
        var (route, _, error) = Route(args);

        route.ExitCode.Should().Be(CommandLine.UsageError);
        error.Should().StartWith($"unknown command '{args[^1]}'.");
    }

    [Fact]
    public void A_verb_in_capitals_is_still_the_verb()
    {
        Route("MIGRATE").Route.VerbArguments.Should().Equal("migrate");
    }
}
