using System.Diagnostics;
using System.Globalization;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Messages;

namespace LybuntCrm.Bench;

/// <summary>
/// Message templates: renders N messages (default 10,000) from the default templates, every purpose in English,
/// Vietnamese and Persian in turn, each with its own client's values, to the subject, the text and the HTML that goes out.
/// Usage: dotnet run -c Release --project bench/LybuntCrm.Bench -- templates [messages]
/// </summary>
public static class TemplateBench
{
    public static void Run(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var renderer = new TemplateRenderer();
        var kinds = Enum.GetValues<TemplateKind>();
        var templates = (from kind in kinds
                         from language in DefaultTemplates.Languages
                         select (Language: language, Template: DefaultTemplates.For(kind, language))).ToArray();
        var values = Enumerable.Range(0, count).Select(Values).ToArray();

        // The first pass parses every template once (as the first messages of a day would); the next are what a run costs.
        var times = new List<double>();
        long characters = 0;
        for (var run = 0; run < 3; run++)
        {
            characters = 0;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var (language, (subject, body)) = templates[i % templates.Length];
                var rendered = renderer.Render(subject, body, values[i]);
                characters += rendered.Subject.Length + rendered.Body.Length + MessageHtml.FromText(rendered.Body, language).Length;
            }
            times.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine($"Run {run + 1}: {count:N0} messages in {watch.Elapsed.TotalSeconds:F2} s ({count / watch.Elapsed.TotalSeconds:N0} messages/s)");
        }
        Console.WriteLine($"{templates.Length} templates, {characters / count:N0} characters per message (subject, text and HTML)");
        Console.WriteLine(times.Max() <= 5 ? "PASS: every run ≤ 5 s" : "FAIL: target is 10,000 messages ≤ 5 s");
    }

    private static Dictionary<string, object?> Values(int i) => new()
    {
        [TemplatePlaceholders.ContactName] = $"Contact {i}",
        [TemplatePlaceholders.FormOfAddress] = i % 3 == 0 ? $"chị Lan {i}" : i % 3 == 1 ? $"خانم رضایی {i}" : $"Ms Tran {i}",
        [TemplatePlaceholders.ClientName] = $"Client {i} <Ltd> & Co",
        [TemplatePlaceholders.ManagerName] = $"Manager {i % 20}",
        [TemplatePlaceholders.LastPurchase] = (1000 + i).ToString("N2", CultureInfo.InvariantCulture),
        [TemplatePlaceholders.LastPurchaseDate] = new DateOnly(2025, 1 + i % 12, 1 + i % 28).ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
        [TemplatePlaceholders.Occasion] = "birthday",
        [TemplatePlaceholders.OccasionDate] = "5 December",
        [TemplatePlaceholders.Years] = 1 + i % 10,
    };
}
