using System.Net;
using System.Net.Sockets;

namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>
/// Keeps webhooks from reaching inside the network the app runs in (server-side request forgery): only http and https,
/// and no host in loopback, link-local, private, shared (CGNAT), unspecified or multicast addresses unless the admin
/// setting <c>Webhooks.AllowPrivateAddresses</c> is on. Checked when an endpoint is saved and again on every connection,
/// on the address actually connected to, so a name that later resolves elsewhere (DNS rebinding) gains nothing.
/// </summary>
public static class WebhookAddressGuard
{
    /// <summary>Set on each request by the sender: whether private addresses are allowed for it.</summary>
    public static readonly HttpRequestOptionsKey<bool> AllowPrivateOption = new("LybuntCrm.Webhooks.AllowPrivate");

    public static readonly string NotHttp = T("Enter an address that starts with http:// or https://.");
    public static readonly string PrivateAddress = T("This address points inside the private network; an admin can allow private addresses below.");
    public static readonly string UnknownHost = T("No computer answers to this address's name.");

    /// <summary>Why the URL may not be used (an English message, a resource key), or null when it may.</summary>
    public static async Task<string?> RefusalAsync(string url, bool allowPrivate, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0 || uri.UserInfo.Length > 0)
            return NotHttp;
        if (allowPrivate) return null;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return UnknownHost;
        }
        if (addresses.Length == 0) return UnknownHost;
        return addresses.All(IsPublic) ? null : PrivateAddress;
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0                                   // 0.0.0.0/8, "this network"
                || b[0] == 10                                    // 10/8
                || b[0] == 127                                   // loopback
                || (b[0] == 100 && (b[1] & 0xC0) == 64)          // 100.64/10, shared (CGNAT)
                || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata
                || (b[0] == 172 && (b[1] & 0xF0) == 16)          // 172.16/12
                || (b[0] == 192 && b[1] == 168)                  // 192.168/16
                || b[0] >= 224);                                 // multicast, reserved, broadcast
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6Any.Equals(address)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC);                       // fc00::/7, unique local
        }
        return false;
    }

    /// <summary>
    /// The connection step of the webhook HTTP client: resolves the host and connects only to an allowed address, so the
    /// check holds for the address the request really goes to.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var allowPrivate = context.InitialRequestMessage.Options.TryGetValue(AllowPrivateOption, out var allow) && allow;
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(a => allowPrivate || IsPublic(a)).ToList();
        if (allowed.Count == 0) throw new WebhookAddressRefusedException();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync([.. allowed], context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Marks English text as a resource key (found by scripts/i18n-keys.py); it is translated where it is shown.</summary>
    private static string T(string english) => english;
}
