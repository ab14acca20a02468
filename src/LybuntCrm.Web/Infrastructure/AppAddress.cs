namespace LybuntCrm.Web.Infrastructure;

/// <summary>
/// Where users reach the app (<c>App:BaseUrl</c>): the start of every link in an email, and the host of the sender and
/// Message-ID addresses.
/// </summary>
public static class AppAddress
{
    public const string DefaultBaseUrl = "http://localhost:5051";

    public static string BaseUrl(IConfiguration configuration) =>
        (string.IsNullOrWhiteSpace(configuration["App:BaseUrl"]) ? DefaultBaseUrl : configuration["App:BaseUrl"]!.Trim()).TrimEnd('/');

    public static string Host(IConfiguration configuration) =>
        Uri.TryCreate(BaseUrl(configuration), UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.IdnHost : "localhost";
}
