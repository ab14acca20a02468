using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Today;

/// <summary>What a logged touch did, in one sentence, wherever it was logged: the next check-in, the next win-back attempt or the retry.</summary>
public static class TouchMessages
{
    public static string For(IStringLocalizer T, DisplayFormat F, string clientName, ClientChanges.TouchOutcome outcome) => outcome switch
    {
        { NextWinBackAttemptOn: { } attempt } => T["Win-back attempt logged. Next attempt with {0}: {1}.", clientName, F.Date(attempt)].Value,
        { RetryOn: { } retry } => T["Nobody reached: {0} is back on your list on {1}.", clientName, F.Date(retry)].Value,
        { CountsAsContact: true, NextCheckInOn: { } next } => T["Done. Next check-in with {0}: {1}.", clientName, F.Date(next)].Value,
        { CountsAsContact: true } => T["Touchpoint logged."].Value,
        _ => T["Done. The touch with {0} is logged.", clientName].Value,
    };
}
