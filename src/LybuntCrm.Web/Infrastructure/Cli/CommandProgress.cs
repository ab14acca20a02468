namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>
/// Progress of a long verb while its work runs: on a terminal one line rewritten every second; redirected to a file or a
/// pipe (cron, CI) a plain line every 30 seconds, so that the log shows the verb is alive without filling up.
/// </summary>
public static class CommandProgress
{
    public static async Task<T> ShowAsync<T>(CommandConsole console, Task<T> work, Func<Task<string>> status, TimeSpan? every = null)
    {
        var terminal = console.IsTerminal;
        var interval = every ?? (terminal ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(30));
        var width = 0;
        while (await Task.WhenAny(work, Task.Delay(interval)) != work)
        {
            string text;
            try
            {
                text = await status();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Progress is a courtesy: a status read that fails (a busy database) must not stop the work.
                continue;
            }
            if (terminal)
            {
                await console.Out.WriteAsync("\r" + text.PadRight(width));
                width = Math.Max(width, text.Length);
            }
            else
            {
                await console.Out.WriteLineAsync(text);
            }
        }
        if (width > 0) await console.Out.WriteAsync("\r" + new string(' ', width) + "\r");
        return await work;
    }
}
