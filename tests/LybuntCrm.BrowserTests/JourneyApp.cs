using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.BrowserTests;

/// <summary>
/// An app of one journey test on a real port, with its own SQLite file and the clock pinned to 15 June 2026; the test seeds
/// what its story needs through <see cref="Services"/>.
/// </summary>
public sealed class JourneyApp : IAsyncDisposable
{
    public const string Password = "correct-horse-battery";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "lybunt-browser", Guid.NewGuid().ToString("N"));
    private readonly WebApplicationFactory<Program> _factory;

    /// <param name="runJobs">Whether the app's own job server runs the jobs its pages enqueue, as it does embedded.</param>
    public JourneyApp(bool runJobs = false)
    {
        Directory.CreateDirectory(_dataDirectory);
        var port = BrowserApp.FreePort();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("App:DataDirectory", _dataDirectory);
            b.UseSetting("Clock:Today", "2026-06-15");
            b.UseSetting("Jobs:RunServer", runJobs ? "true" : "false");
            b.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            // The port goes in the builder: the factory's own port setting is not carried over to a derived factory.
            b.UseUrls($"http://127.0.0.1:{port}");
        });
        _factory.UseKestrel();
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string BaseUrl { get; }

    public IServiceProvider Services => _factory.Services;

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
