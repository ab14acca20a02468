using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Messages;

namespace LybuntCrm.UnitTests.Features.Messages;

public sealed class TemplateRendererTests
{
    private readonly TemplateRenderer _renderer = new();

    [Fact]
    public void Every_default_template_in_every_language_renders_with_known_placeholders_only()
    {
        foreach (var kind in Enum.GetValues<TemplateKind>())
        {
            foreach (var language in DefaultTemplates.Languages)
            {
                var (subject, body) = DefaultTemplates.For(kind, language);
                _renderer.Check(subject, body).Should().BeEmpty($"{kind} in {language}");
                var rendered = _renderer.Render(subject, body, TemplateRenderer.SampleValues);
                rendered.Subject.Should().NotBeNullOrWhiteSpace();
                rendered.Body.Should().Contain("Sam Manager").And.NotContain("{{").And.NotContain("{%");
            }
        }
    }

    [Fact]
    public void An_unknown_placeholder_is_named_with_its_line()
    {
        var problems = _renderer.Check("Hello {{ client_name }}", "Dear {{ form_of_address }},\n\nYour order {{ order_number }} is ready.\n{{ manager_name }}");

        problems.Should().ContainSingle().Which.Should().Be(new TemplateProblem(TemplatePart.Body, 3, "order_number"));
    }

    [Fact]
    public void A_member_of_an_unknown_name_is_reported_by_that_name()
    {
        _renderer.Check("{{ client.name }}", "x").Should().ContainSingle()
            .Which.Should().Be(new TemplateProblem(TemplatePart.Subject, 1, "client"));
    }

    [Fact]
    public void A_syntax_error_is_reported_with_its_line_and_nothing_is_rendered()
    {
        var problems = _renderer.Check("Hi", "Line one\nLine two {{ client_name ");

        problems.Should().ContainSingle();
        problems[0].Part.Should().Be(TemplatePart.Body);
        problems[0].Line.Should().Be(2);
        problems[0].Name.Should().BeNull();
        problems[0].Detail.Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("{% include 'secrets' %}")]
    [InlineData("{{ client_name | no_such_filter }}")]
    [InlineData("{% for i in (1..100000) %}{{ i }}{% endfor %}")]
    public void Includes_unknown_filters_and_endless_loops_are_refused(string body) =>
        _renderer.Check("Hi", body).Should().NotBeEmpty();

    [Fact]
    public void Values_and_template_text_end_up_as_text_in_the_html()
    {
        var values = new Dictionary<string, object?>(TemplateRenderer.SampleValues) { [TemplatePlaceholders.ClientName] = "<img src=x onerror=alert(1)> & Co" };
        var (subject, body) = _renderer.Render("News for {{ client_name }}", "<script>alert('x')</script>\n\nFor {{ client_name }}", values);

        subject.Should().Be("News for <img src=x onerror=alert(1)> & Co");
        var html = MessageHtml.FromText(body, "en");
        html.Should().NotContain("<script>").And.NotContain("<img")
            .And.Contain("&lt;script&gt;").And.Contain("&lt;img src=x onerror=alert(1)&gt; &amp; Co");
    }

    [Fact]
    public void A_subject_is_one_line()
    {
        _renderer.Render("Hello\n{{ client_name }}  \n", "x", TemplateRenderer.SampleValues).Subject.Should().Be("Hello Sample Ltd");
    }

    [Fact]
    public void Persian_html_is_right_to_left_and_keeps_paragraphs_and_line_breaks()
    {
        var (_, body) = _renderer.Render("x", DefaultTemplates.For(TemplateKind.CheckIn, "fa").Body, TemplateRenderer.SampleValues);
        var html = MessageHtml.FromText(body, "fa");

        html.Should().Contain("dir=\"rtl\"").And.Contain("lang=\"fa\"").And.Contain("<br>").And.Contain("</p><p>");
        html.Should().Contain("Ms Tran گرامی");
        MessageHtml.FromText("a", "vi").Should().Contain("dir=\"ltr\"");
    }

    [Theory]
    [InlineData(FollowUpKind.Occasion, "occasion:birthday:4:2026", TemplateKind.Birthday)]
    [InlineData(FollowUpKind.Occasion, "occasion:customer-since:4:2026", TemplateKind.CustomerSince)]
    [InlineData(FollowUpKind.Occasion, "occasion:project-6m:9", TemplateKind.ProjectSixMonths)]
    [InlineData(FollowUpKind.Occasion, "occasion:project:9:2026", TemplateKind.ProjectAnniversary)]
    [InlineData(FollowUpKind.WinBack, "winback:4:2026", TemplateKind.WinBack)]
    [InlineData(FollowUpKind.ProspectReview, "review:4", TemplateKind.ProspectFollowUp)]
    [InlineData(FollowUpKind.CheckIn, "checkin:4:2026-12-01", TemplateKind.CheckIn)]
    public void A_follow_up_picks_the_template_of_its_reason(FollowUpKind kind, string sourceKey, TemplateKind expected) =>
        TemplateLibrary.KindFor(kind, sourceKey).Should().Be(expected);
}
