using System.Globalization;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// A recurring job's schedule in words, in the reader's language: "15 2 * * *" reads "every night at 02:15". It knows the
/// shapes the app's jobs use (daily at h:m, hourly at :m, every N minutes, weekly on a day at h:m); any other cron
/// expression is shown as it is.
/// </summary>
public static class CronText
{
    public static string Describe(string cron, IStringLocalizer t, DisplayFormat f)
    {
        var part = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (part.Length != 5 || part[2] != "*" || part[3] != "*") return cron;
        var (minute, hour, weekday) = (part[0], part[1], part[4]);

        if (hour == "*" && weekday == "*")
        {
            if (minute == "*") return t["every minute"];
            if (minute.StartsWith("*/", StringComparison.Ordinal) && Number(minute[2..], 1, 59) is { } step)
                return step == 1 ? t["every minute"] : t["every {0} minutes", f.Number(step)];
            if (Number(minute, 0, 59) is { } m)
                return m == 0 ? t["every hour, on the hour"] : t["every hour at {0} past the hour", f.Number(m)];
            return cron;
        }
        if (Number(minute, 0, 59) is not { } min || Number(hour, 0, 23) is not { } h) return cron;
        var time = f.TimeOfDay(h, min);
        if (weekday == "*") return h < 6 ? t["every night at {0}", time] : t["every day at {0}", time];
        if (Number(weekday, 0, 7) is { } day) return t["every {0} at {1}", f.DayName((DayOfWeek)(day % 7)), time];
        return cron;
    }

    private static int? Number(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;
}
