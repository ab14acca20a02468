using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;

namespace LybuntCrm.Web.Features.Messages;

/// <summary>
/// Renders message templates written in Liquid (Fluid): no code runs, only <see cref="TemplatePlaceholders"/> may be
/// named, and loops are bounded. Templates are plain text; the HTML of a message is made from the rendered text by
/// <see cref="MessageHtml"/>, which encodes everything, so neither a template nor a value can put markup into a message.
/// </summary>
public sealed partial class TemplateRenderer
{
    private const int MaxCachedTemplates = 500;
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder()
        .WithMaxSteps(10_000)
        .WithMaxOutputSize(64 * 1024)
        .WithMaxRecursion(10)
        .WithStrictFilters()
        .Build();

    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new(StringComparer.Ordinal);

    /// <summary>Every problem of a subject and body: syntax errors, unknown placeholders and filters, anything that fails to render.</summary>
    public IReadOnlyList<TemplateProblem> Check(string subject, string body)
    {
        var problems = new List<TemplateProblem>();
        Check(TemplatePart.Subject, subject, problems);
        Check(TemplatePart.Body, body, problems);
        return problems;
    }

    private void Check(TemplatePart part, string source, List<TemplateProblem> problems)
    {
        IFluidTemplate template;
        try
        {
            template = Parse(source);
        }
        catch (ParseException e)
        {
            problems.Add(new TemplateProblem(part, e.Position?.Line ?? 1, null, FirstLine(e.Message)));
            return;
        }
        var unknown = new List<string>();
        var context = Context(SampleValues);
        context.Undefined = (name, _) =>
        {
            if (!unknown.Contains(name)) unknown.Add(name);
            return new ValueTask<FluidValue>(NilValue.Instance);
        };
        try
        {
            template.Render(context, NullEncoder.Default);
        }
        catch (Exception e) when (e is FluidException or InvalidOperationException or FileNotFoundException or ArgumentException)
        {
            problems.Add(new TemplateProblem(part, 1, null, FirstLine(e.Message)));
        }
        problems.AddRange(unknown.Select(name => new TemplateProblem(part, LineOf(source, name), name)));
    }

    /// <summary>The subject (one line) and the body, with these values; a value missing from <paramref name="values"/> is empty.</summary>
    public (string Subject, string Body) Render(string subject, string body, IReadOnlyDictionary<string, object?> values)
    {
        var context = Context(values);
        var renderedSubject = Parse(subject).Render(context, NullEncoder.Default);
        var renderedBody = Parse(body).Render(context, NullEncoder.Default);
        return (OneLine(renderedSubject), renderedBody.ReplaceLineEndings("\n").Trim('\n'));
    }

    /// <summary>Values shaped like real ones, to find what a template names and whether it renders.</summary>
    public static readonly IReadOnlyDictionary<string, object?> SampleValues = new Dictionary<string, object?>
    {
        [TemplatePlaceholders.ContactName] = "Anna Tran",
        [TemplatePlaceholders.FormOfAddress] = "Ms Tran",
        [TemplatePlaceholders.ClientName] = "Sample Ltd",
        [TemplatePlaceholders.ManagerName] = "Sam Manager",
        [TemplatePlaceholders.LastPurchase] = "1,250.00",
        [TemplatePlaceholders.LastPurchaseDate] = "3 March 2025",
        [TemplatePlaceholders.Occasion] = "birthday",
        [TemplatePlaceholders.OccasionDate] = "5 December",
        [TemplatePlaceholders.Years] = 5,
    };

    private IFluidTemplate Parse(string source)
    {
        if (_parsed.TryGetValue(source, out var template)) return template;
        template = Parser.Parse(source);
        // Templates are few; the bound only keeps a stream of edited previews from growing the cache for ever.
        if (_parsed.Count >= MaxCachedTemplates) _parsed.Clear();
        _parsed[source] = template;
        return template;
    }

    private static TemplateContext Context(IReadOnlyDictionary<string, object?> values)
    {
        var context = new TemplateContext(Options);
        foreach (var (name, value) in values)
        {
            context.SetValue(name, value switch
            {
                null => NilValue.Instance,
                int number => NumberValue.Create(number),
                _ => StringValue.Create(value.ToString() ?? ""),
            });
        }
        return context;
    }

    /// <summary>The line of the first tag naming <paramref name="name"/>.</summary>
    private static int LineOf(string source, string name)
    {
        var word = new Regex(@"(?<![\w.])" + Regex.Escape(name) + @"(?!\w)");
        foreach (Match tag in Tag().Matches(source))
            if (word.IsMatch(tag.Value)) return 1 + source[..tag.Index].Count(c => c == '\n');
        return 1;
    }

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex Tag();

    private static string FirstLine(string message) => message.ReplaceLineEndings("\n").Split('\n')[0];

    private static string OneLine(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
