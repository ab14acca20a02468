namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>The endpoint's host resolved only to addresses the guard refuses.</summary>
public sealed class WebhookAddressRefusedException() : IOException("The webhook's host resolves to a private address, which is not allowed.");
