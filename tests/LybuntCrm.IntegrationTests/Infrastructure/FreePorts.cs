using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace LybuntCrm.IntegrationTests.Infrastructure;

/// <summary>
/// Loopback ports for servers the tests start (the app, the SMTP server). A port is free when it is handed out, but the
/// server binds it later; with test classes in parallel, the port is remembered so that no other test gets it meanwhile.
/// </summary>
public static class FreePorts
{
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    public static int Next()
    {
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (HandedOut.TryAdd(port, true)) return port;
        }
    }
}
