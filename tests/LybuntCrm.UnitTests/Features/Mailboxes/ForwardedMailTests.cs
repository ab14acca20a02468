using LybuntCrm.Web.Features.Mailboxes;

namespace LybuntCrm.UnitTests.Features.Mailboxes;

public sealed class ForwardedMailTests
{
    [Theory]
    [InlineData("FYI\n\n---------- Forwarded message ---------\nFrom: Minh <Minh@Inline.vn>\nDate: Mon\n", "minh@inline.vn")]
    [InlineData("See below\r\n________________________________\r\nFrom: Lan Nguyen <lan@firm.vn>\r\nSent: Monday\r\n", "lan@firm.vn")]
    [InlineData("Begin forwarded message:\n\n> From: \"Hoa\" <hoa@x.vn>\n", "hoa@x.vn")]
    [InlineData("---------- Tin nhắn đã chuyển tiếp ---------\nTừ: Mai <mai@saigon.vn>\n", "mai@saigon.vn")]
    [InlineData("---------- پیام بازارسال‌شده ---------\nاز: رضا <reza@arman.ir>\n", "reza@arman.ir")]
    [InlineData("*From:* Tom [mailto:tom@north.example]\n", "tom@north.example")]
    [InlineData("No forward here, from: nobody", null)]
    [InlineData("", null)]
    public void The_sender_of_a_forwarded_message_is_read_from_its_quoted_header(string text, string? sender) =>
        ForwardedMail.SenderOf(text).Should().Be(sender);
}
