namespace LybuntCrm.Web.Domain;

/// <summary>Why two clients look like one: each is a bit, so a pair's reasons are stored as one number.</summary>
[Flags]
public enum DuplicateReasons
{
    None = 0,
    SamePhone = 1,
    SameEmail = 2,
    SameExternalId = 4,
    SameDomain = 8,
    SimilarName = 16,
}
