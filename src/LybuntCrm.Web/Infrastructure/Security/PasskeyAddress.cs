namespace LybuntCrm.Web.Infrastructure.Security;

/// <summary>The public address passkeys are bound to: <c>App:BaseUrl</c> when set, else the address each request came to.</summary>
public static class PasskeyAddress
{
    /// <summary>The configured public address, or null when <c>App:BaseUrl</c> is not set (or not an absolute http(s) URL).</summary>
    public static Uri? Configured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["App:BaseUrl"])
        && Uri.TryCreate(AppAddress.BaseUrl(configuration), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? uri
            : null;

    /// <summary>The origin a browser reports for pages under <paramref name="address"/>: scheme, host and a non-default port.</summary>
    public static string Origin(Uri address) =>
        address.IsDefaultPort ? $"{address.Scheme}://{address.IdnHost}" : $"{address.Scheme}://{address.IdnHost}:{address.Port}";

    /// <summary>The origin of the address a request came to, for when no public address is configured.</summary>
    public static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host.Value}";
}
