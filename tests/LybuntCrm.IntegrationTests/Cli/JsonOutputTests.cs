using System.Text.Json;
using LybuntCrm.IntegrationTests.Features.Import;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Infrastructure.Cli;

namespace LybuntCrm.IntegrationTests.Cli;

/// <summary><c>--json</c>: standard output is one JSON document a script can read, whatever the verb printed before.</summary>
public sealed class JsonOutputTests
{
    private static async Task<(int ExitCode, JsonElement Json, string Error)> RunAsync(CrmApp app, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(app.Services, args, new CommandConsole { Out = output, Error = error });
        using var document = JsonDocument.Parse(output.ToString());
        return (exitCode, document.RootElement.Clone(), error.ToString());
    }

    [Fact]
    public async Task Users_list_prints_every_user_with_role_as_json()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();

        var (exitCode, json, _) = await RunAsync(app, "users", "list", "--json");

        exitCode.Should().Be(0);
        var users = json.EnumerateArray().ToDictionary(u => u.GetProperty("email").GetString()!, u => u.GetProperty("role").GetString());
        users.Should().Contain(CrmApp.AdminEmail, "Admin").And.Contain(CrmApp.ManagerEmail, "AccountManager");
        json.EnumerateArray().Should().OnlyContain(u => u.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Import_prints_its_counts_as_json_and_a_failed_row_exits_with_1()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();

        var dryRun = await RunAsync(app, "import", ImportDriver.File("clients.csv"), "--kind", "clients", "--dry-run", "--json");
        var bad = await RunAsync(app, "import", ImportDriver.File("bad/malformed-dates.csv"), "--json", "--kind", "clients");

        dryRun.ExitCode.Should().Be(0, dryRun.Error);
        dryRun.Json.GetProperty("succeeded").GetBoolean().Should().BeTrue();
        dryRun.Json.GetProperty("dryRun").GetBoolean().Should().BeTrue();
        dryRun.Json.GetProperty("total").GetInt32().Should().Be(60);
        dryRun.Json.GetProperty("failed").GetInt32().Should().Be(0);
        bad.ExitCode.Should().Be(1);
        bad.Json.GetProperty("succeeded").GetBoolean().Should().BeFalse();
        bad.Json.GetProperty("failed").GetInt32().Should().BePositive();
        bad.Json.GetProperty("issues")[0].GetProperty("row").GetInt32().Should().BePositive();
    }

    [Fact]
    public async Task Import_dry_run_json_lists_the_rows_that_look_like_existing_clients()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var existing = await Features.Clients.Duplicates.DuplicateSeed.ClientAsync(app, "Công ty TNHH Thái Bình Dương", managerId, phone: "+84903123456");

        var dryRun = await RunAsync(app, "import", ImportDriver.File("likely/thai-binh-duong.csv"), "--kind", "clients", "--dry-run", "--json");

        dryRun.ExitCode.Should().Be(0, dryRun.Error);
        var row = dryRun.Json.GetProperty("likelyMatches").EnumerateArray().Should().ContainSingle().Subject;
        row.GetProperty("row").GetInt32().Should().Be(2);
        row.GetProperty("choice").GetString().Should().Be("skip");
        var match = row.GetProperty("matches").EnumerateArray().Should().ContainSingle().Subject;
        match.GetProperty("client").GetInt32().Should().Be(existing);
        match.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).Should().Equal("SamePhone", "SimilarName");
    }

    [Fact]
    public async Task Jobs_run_and_mailbox_list_print_json()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();

        var job = await RunAsync(app, "jobs", "run", LybuntFlagJob.JobId, "--json");
        var mailboxes = await RunAsync(app, "mailbox", "list", "--json");

        job.ExitCode.Should().Be(0, job.Error);
        job.Json.GetProperty("job").GetString().Should().Be(LybuntFlagJob.JobId);
        job.Json.GetProperty("succeeded").GetBoolean().Should().BeTrue();
        job.Json.GetProperty("seconds").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        mailboxes.ExitCode.Should().Be(0);
        mailboxes.Json.ValueKind.Should().Be(JsonValueKind.Array);
        mailboxes.Json.GetArrayLength().Should().Be(0);
    }
}
