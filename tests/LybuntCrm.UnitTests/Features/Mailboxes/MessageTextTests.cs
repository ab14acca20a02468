using LybuntCrm.Web.Features.Mailboxes;

namespace LybuntCrm.UnitTests.Features.Mailboxes;

public sealed class MessageTextTests
{
    [Fact]
    public void Html_is_reduced_to_its_words_without_scripts_or_styles()
    {
        var text = MessageText.Shorten(MessageText.HtmlToText(
            "<html><head><title>t</title><style>p{}</style></head><body><p>Chào&nbsp;anh</p><script>alert(1)</script><div>A &lt;b&gt; B</div></body></html>"));

        text.Should().Be("Chào anh A <b> B");
    }

    [Fact]
    public void The_text_kept_is_500_characters_on_one_line_without_control_or_bidi_characters()
    {
        var text = MessageText.Shorten(new string('x', 300) + "\r\n\t\u202E" + new string('y', 400) + "\u0007");

        text!.Length.Should().Be(MessageText.MaxLength);
        text.Should().NotContainAny("\r", "\n", "\t", "\u202E", "\u0007");
    }
}
