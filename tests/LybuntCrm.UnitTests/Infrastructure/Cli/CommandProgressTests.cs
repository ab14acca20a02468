using LybuntCrm.Web.Infrastructure.Cli;

namespace LybuntCrm.UnitTests.Infrastructure.Cli;

public sealed class CommandProgressTests
{
    [Fact]
    public async Task Redirected_output_gets_plain_lines_while_the_work_runs_and_the_work_result_is_returned()
    {
        using var output = new StringWriter();
        var console = new CommandConsole { Out = output, Error = TextWriter.Null };
        var calls = 0;
        // The work ends after the third status read, so the test does not depend on the machine's speed.
        var work = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<string> Status()
        {
            if (++calls == 3) work.SetResult(42);
            return Task.FromResult($"step {calls}");
        }

        var result = await CommandProgress.ShowAsync(console, work.Task, Status, TimeSpan.FromMilliseconds(10));

        result.Should().Be(42);
        console.IsTerminal.Should().BeFalse();
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Equal("step 1", "step 2", "step 3");
        output.ToString().Should().NotContain("\r");
    }

    [Fact]
    public async Task A_failing_status_read_does_not_stop_the_work()
    {
        var console = new CommandConsole { Out = TextWriter.Null, Error = TextWriter.Null };

        var result = await CommandProgress.ShowAsync<int>(console, SlowAnswerAsync(),
            () => throw new InvalidOperationException("database busy"), TimeSpan.FromMilliseconds(40));

        result.Should().Be(42);
    }

    private static async Task<int> SlowAnswerAsync()
    {
        await Task.Delay(300);
        return 42;
    }
}
