namespace LybuntCrm.Web.Features.Shared;

/// <summary>What a page shows when it has nothing to list yet.</summary>
public sealed record EmptyState(string Title, string Text, string Icon = "○", string? ActionUrl = null, string? ActionText = null);
