namespace LybuntCrm.Web.Features.Import;

/// <summary>Something about one row: it failed, was skipped for a reason, or was imported with a change worth knowing.</summary>
public sealed record ImportIssue(int Row, string Column, IssueKind Kind, string Message);
