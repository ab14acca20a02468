namespace LybuntCrm.Web.Features.Import;

public enum IssueKind { Failed, Skipped, Warning }
