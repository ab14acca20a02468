using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Html;

namespace LybuntCrm.Web.Features.PhoneApp;

/// <summary>
/// The two-tap sheet of a Today item on a phone: after the call (or chat, or email), one tap on the outcome logs the touch,
/// with an optional one-line note. It posts to Today's own "done" handler, so the touch goes through the same change
/// pipeline as every other touch.
/// </summary>
/// <param name="ActionUrl">Today's done handler for this item.</param>
/// <param name="Channel">The channel logged when the sheet is sent without a tap on a reach button: the preferred one.</param>
public sealed record TouchSheet(int FollowUpId, string ActionUrl, Channel Channel, string ClientName, IHtmlContent Antiforgery)
{
    /// <summary>The outcomes a call on the move ends with.</summary>
    public static readonly IReadOnlyList<TouchpointOutcome> Outcomes = [TouchpointOutcome.Reached, TouchpointOutcome.NoAnswer, TouchpointOutcome.LeftMessage];

    /// <summary>A note of one line: what is said in a breath after a call.</summary>
    public const int NoteLength = 200;
}
