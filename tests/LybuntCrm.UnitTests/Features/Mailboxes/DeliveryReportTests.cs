using System.Text;
using LybuntCrm.Web.Features.Mailboxes;

namespace LybuntCrm.UnitTests.Features.Mailboxes;

public sealed class DeliveryReportTests
{
    private static DeliveryReport Read(string status, string? encoding = null, string? originalMessageId = null) =>
        DeliveryReport.Read(new MemoryStream(Encoding.UTF8.GetBytes(status.ReplaceLineEndings("\r\n"))), encoding, originalMessageId);

    [Fact]
    public void A_permanent_failure_gives_the_final_recipient_and_the_diagnostic()
    {
        var report = Read("""
            Reporting-MTA: dns; mx.example.net
            Original-Envelope-Id: abc

            Final-Recipient: rfc822; Lan@Example.VN
            Action: failed
            Status: 5.1.1 (bad destination mailbox)
            Diagnostic-Code: smtp; 550 5.1.1 <Lan@Example.VN>:
              Recipient address rejected: User unknown

            Final-Recipient: rfc822; tom@example.vn
            Action: delayed
            Status: 4.2.2
            Diagnostic-Code: smtp; 452 4.2.2 Mailbox full

            """);

        report.Failures.Should().ContainSingle();
        report.Failures[0].Recipient.Should().Be("Lan@Example.VN");
        report.Failures[0].Reason.Should().Be("550 5.1.1 <Lan@Example.VN>: Recipient address rejected: User unknown");
        report.OriginalMessageId.Should().BeNull();
    }

    [Fact]
    public void Without_a_diagnostic_the_status_is_the_reason_and_the_message_id_is_kept_without_brackets()
    {
        var report = Read("""
            Reporting-MTA: dns; mx.example.net

            Final-Recipient: rfc822;<an@example.com>
            Action: FAILED
            Status: 5.2.1

            """, originalMessageId: "<msg-1@crm.example.com>");

        report.Failures.Should().ContainSingle().Which.Should().Be(new DeliveryReport.Failure("an@example.com", "5.2.1"));
        report.OriginalMessageId.Should().Be("msg-1@crm.example.com");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u0000\u0001garbage without any fields")]
    [InlineData("Final-Recipient: rfc822; not an address\r\nAction: failed\r\nStatus: 5.1.1\r\n")]
    [InlineData("Reporting-MTA: x\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\nAction: failed\r\nStatus: 5.x\r\n")]
    public void A_malformed_report_gives_no_failures(string status) =>
        Read(status).Failures.Should().BeEmpty();

    [Fact]
    public void The_reason_is_one_line_of_at_most_300_characters_without_control_or_bidi_characters()
    {
        var report = Read("Reporting-MTA: x\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\nAction: failed\r\nStatus: 5.7.1\r\n" +
                          "Diagnostic-Code: smtp; 554 \u202Espam\u202C " + new string('x', 400) + "\r\n\r\n");

        var reason = report.Failures.Should().ContainSingle().Subject.Reason;
        reason.Length.Should().BeLessThanOrEqualTo(300);
        reason.Should().StartWith("554 spam").And.NotContain("\u202E");
    }

    [Theory]
    [InlineData("multipart/report; report-type=delivery-status; boundary=\"x\"", true)]
    [InlineData("multipart/report; report-type=\"Delivery-Status\"; boundary=x", true)]
    [InlineData("multipart/report; report-type=disposition-notification; boundary=x", false)]
    [InlineData("multipart/mixed; boundary=x", false)]
    [InlineData(null, false)]
    public void A_report_is_known_by_its_content_type(string? contentType, bool isReport) =>
        DeliveryReport.IsReport(contentType).Should().Be(isReport);
}
