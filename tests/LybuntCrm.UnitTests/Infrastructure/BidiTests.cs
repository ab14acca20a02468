using System.Text.Encodings.Web;
using System.Text.Unicode;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.UnitTests.Infrastructure;

public sealed class BidiTests
{
    // The encoder the pages use: every letter as itself, markup characters encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Html(IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, Encoder);
        return writer.ToString();
    }

    [Fact]
    public void A_name_is_isolated_in_a_bdi_and_encoded()
    {
        Html(Bidi.Name("سارا <b>& Co</b>")).Should().Be("<bdi>سارا &lt;b&gt;&amp; Co&lt;/b&gt;</bdi>");
        Html(Bidi.Name(null)).Should().BeEmpty();
    }

    [Fact]
    public void A_phone_or_email_runs_left_to_right()
    {
        Html(Bidi.Ltr("+44 20 5717 7591")).Should().Be("<span dir=\"ltr\">&#x2B;44 20 5717 7591</span>");
    }

    [Fact]
    public void A_sentence_keeps_its_html_placeholders_and_encodes_everything_else()
    {
        var template = new LocalizedString("Owner: {0}", "مالک: {0} <{1}> {{2}} & {2}");
        Html(Bidi.Sentence(template, Bidi.Name("An Nguyễn"), "<i>", null))
            .Should().Be("مالک: <bdi>An Nguyễn</bdi> &lt;&lt;i&gt;&gt; {2} &amp; ");
    }

    [Fact]
    public void Plain_text_is_isolated_with_first_strong_isolate_characters()
    {
        Bidi.Isolate("سارا").Should().Be("\u2068سارا\u2069");
        Bidi.Isolate(null).Should().BeEmpty();
    }
}
