using Serilog.Core;
using Serilog.Events;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>Escapes line breaks in logged text so that user input cannot forge extra log lines.</summary>
public sealed class LineBreakEscapingEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (value is ScalarValue { Value: string text } && text.AsSpan().IndexOfAny('\r', '\n') >= 0)
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(Escape(text))));
        }
    }

    public static string Escape(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
