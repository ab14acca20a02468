namespace LybuntCrm.Web.Features.Messages;

/// <summary>
/// Why a template can't be saved: an unknown placeholder (<see cref="Name"/>) or a syntax error (<see cref="Detail"/>,
/// the engine's own words), on a line of the subject or the body.
/// </summary>
public sealed record TemplateProblem(TemplatePart Part, int Line, string? Name, string? Detail = null);
