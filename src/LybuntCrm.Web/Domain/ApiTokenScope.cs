namespace LybuntCrm.Web.Domain;

/// <summary>What a personal access token may do: read only, or read and change.</summary>
public enum ApiTokenScope
{
    Read,
    Write,
}
