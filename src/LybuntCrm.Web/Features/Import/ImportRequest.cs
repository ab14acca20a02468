namespace LybuntCrm.Web.Features.Import;

/// <summary>What <c>import</c> was asked to do, as parsed from its command line.</summary>
public sealed record ImportRequest(string File, string Kind)
{
    public bool DryRun { get; init; }
    public bool CreateMissingClients { get; init; }
    public string? OwnerEmail { get; init; }
    public string? Encoding { get; init; }
    public string? Delimiter { get; init; }
    public string? DateFormat { get; init; }
    public bool DecimalComma { get; init; }
    public string? Mapping { get; init; }
    public bool Json { get; init; }
}
