using System.Diagnostics;

namespace LybuntCrm.IntegrationTests.Infrastructure;

/// <summary>The app as a real separate process on a loopback port, as it runs in production.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringWriter _output = new();

    private AppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static async Task<AppProcess> StartAsync(IDictionary<string, string> environment)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet", $"LybuntCrm.Web.dll --urls {"http://127.0.0.1:" + port}")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        var app = new AppProcess(process, port);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException("The app exited at start-up:\n" + app.Output);
            try
            {
                if ((await http.GetAsync(app.BaseUrl + "/health")).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        await app.DisposeAsync();
        throw new TimeoutException("The app did not answer /health within 90 s:\n" + app.Output);
    }

    /// <summary>Starts a command-line verb of the app (e.g. <c>jobs run outbox-send</c>) as its own process.</summary>
    public static Process StartCommand(IDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("LybuntCrm.Web.dll");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a command-line verb to its end and returns its exit code.</summary>
    public static async Task<int> RunCommandAsync(IDictionary<string, string> environment, params string[] arguments)
    {
        using var process = StartCommand(environment, arguments);
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    /// <summary>Runs a command-line verb to its end (killed after <paramref name="timeout"/>) and keeps what it wrote.</summary>
    public static async Task<(int ExitCode, string Out, string Error, TimeSpan Elapsed)> CaptureCommandAsync(
        IDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("LybuntCrm.Web.dll");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var started = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return (process.ExitCode, await output, await error, started.Elapsed);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.WriteLine(line);
    }

    /// <summary>Ends the process at once, as a crash or kill -9 would.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed) return ValueTask.CompletedTask;
        _disposed = true;
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private bool _disposed;
}

/// <summary>A test that needs a PostgreSQL server; skipped when the suite runs on SQLite.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.UsePostgres) Skip = "Runs in the PostgreSQL pass of the test suite.";
    }
}

/// <summary>A test of a SQLite-only behaviour; skipped in the PostgreSQL pass.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.UsePostgres) Skip = "Covers SQLite-only behaviour.";
    }
}
