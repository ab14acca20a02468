using System.Diagnostics;
using System.Net.Sockets;
using LybuntCrm.IntegrationTests.Infrastructure;

namespace LybuntCrm.IntegrationTests.Cli;

/// <summary>The built executable as an administrator's script runs it: wrong calls end at once and never start the server.</summary>
public sealed class CommandLineProcessTests
{
    [Fact]
    public async Task A_mistyped_verb_exits_with_2_within_5_seconds_and_opens_no_port()
    {
        var port = FreePorts.Next();
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        };
        using var watching = new CancellationTokenSource();
        var connected = WatchPortAsync(port, watching.Token);

        var (exitCode, output, error, elapsed) = await AppProcess.CaptureCommandAsync(env, TimeSpan.FromSeconds(30), "imprt", "clients.csv");
        await watching.CancelAsync();

        exitCode.Should().Be(2, error);
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        error.Should().Contain("unknown command 'imprt' — did you mean 'import'?").And.Contain("migrate, seed-demo, users, tokens, jobs, import, backup, restore, mailbox");
        output.Should().NotContain("Now listening");
        (await connected).Should().BeFalse("a refused verb must not start the web server");
    }

    [Fact]
    public async Task Help_for_a_verb_prints_vietnamese_with_culture_vi_and_a_wrong_option_exits_with_2()
    {
        var env = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" };

        var help = await AppProcess.CaptureCommandAsync(env, TimeSpan.FromSeconds(30), "help", "backup", "--culture", "vi");
        var wrong = await AppProcess.CaptureCommandAsync(env, TimeSpan.FromSeconds(30), "backup", "crm.db", "--overwrite");

        help.ExitCode.Should().Be(0, help.Error);
        help.Out.Should().Contain("Cách dùng: LybuntCrm.Web backup <file>")
            .And.Contain("Sao chép cơ sở dữ liệu SQLite trong khi ứng dụng vẫn chạy và kiểm tra bản sao.")
            .And.Contain("Mã thoát:");
        wrong.ExitCode.Should().Be(2);
        wrong.Error.Should().Contain("'--overwrite'").And.Contain("Usage: LybuntCrm.Web backup <file> [options]");
    }

    [SqliteFact]
    public async Task Json_on_standard_output_is_the_result_alone_with_the_log_on_standard_error()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "lybunt-cli-" + Guid.NewGuid().ToString("N"));
        var env = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["App__DataDirectory"] = dataDirectory };
        try
        {
            var (exitCode, output, error, _) = await AppProcess.CaptureCommandAsync(env, TimeSpan.FromSeconds(90), "jobs", "run", "lybunt-flag", "--json");

            exitCode.Should().Be(0, error);
            using var json = System.Text.Json.JsonDocument.Parse(output);
            json.RootElement.GetProperty("job").GetString().Should().Be("lybunt-flag");
            json.RootElement.GetProperty("succeeded").GetBoolean().Should().BeTrue();
            error.Should().Contain("Job lybunt-flag finished", "the log goes to standard error");
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>True as soon as anything accepts a connection on the port, until cancelled.</summary>
    private static async Task<bool> WatchPortAsync(int port, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, ct);
                return true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
            }
            try
            {
                await Task.Delay(50, ct);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return false;
    }
}
