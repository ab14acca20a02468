using System.Globalization;
using LybuntCrm.Web.Features.Digest;

namespace LybuntCrm.Web.Features.Telegram;

/// <summary>
/// A button's callback data: the action and the follow-up, as "1:123" (the Bot API allows 64 bytes). Which person pressed
/// it comes from the chat, never from the data.
/// </summary>
public static class TelegramCallback
{
    public static string Data(LinkAction action, int followUpId) => string.Create(CultureInfo.InvariantCulture, $"{(byte)action}:{followUpId}");

    public static bool TryRead(string? data, out LinkAction action, out int followUpId)
    {
        action = default;
        followUpId = 0;
        var parts = (data ?? "").Split(':');
        if (parts.Length != 2
            || !byte.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var code) || !Enum.IsDefined((LinkAction)code)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out followUpId) || followUpId <= 0)
            return false;
        action = (LinkAction)code;
        return true;
    }
}
