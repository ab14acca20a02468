using LybuntCrm.Web.Infrastructure.Email;
using MimeKit;
using MimeKit.Utils;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>
/// What a delivery-status notification (RFC 3464: <c>multipart/report; report-type=delivery-status</c> with a
/// <c>message/delivery-status</c> part) says: the recipients mail failed for for good (<c>Action: failed</c> with a 5.x.x
/// <c>Status</c>), and the Message-ID of the message it was about when the report names it.
/// </summary>
public sealed record DeliveryReport(IReadOnlyList<DeliveryReport.Failure> Failures, string? OriginalMessageId)
{
    /// <summary>One address mail could not be delivered to, and the reporting server's words (its diagnostic, else the status).</summary>
    public sealed record Failure(string Recipient, string Reason);

    /// <summary>Whether a message's Content-Type header says it is a delivery report.</summary>
    public static bool IsReport(string? contentType) =>
        contentType is not null && ContentType.TryParse(ParserOptions.Default, contentType, out var type)
        && type.IsMimeType("multipart", "report")
        && type.Parameters.TryGetValue("report-type", out string? reportType)
        && reportType?.Trim().ToLowerInvariant() is "delivery-status" or "global-delivery-status";

    /// <summary>The machine-readable part of a report (the internationalized one of RFC 6533 too).</summary>
    public static bool IsStatusPart(ContentType type) =>
        type.IsMimeType("message", "delivery-status") || type.IsMimeType("message", "global-delivery-status");

    /// <summary>The part holding the headers of the message the report is about.</summary>
    public static bool IsHeadersPart(ContentType type) =>
        type.IsMimeType("text", "rfc822-headers") || type.IsMimeType("message", "global-headers");

    /// <summary>
    /// Reads the status part's content (as the server stores it, in <paramref name="transferEncoding"/>). Groups that are
    /// not a permanent failure, or name no address, are left out; content that cannot be read gives no failures.
    /// </summary>
    public static DeliveryReport Read(Stream content, string? transferEncoding, string? originalMessageId)
    {
        using var part = new MessageDeliveryStatus();
        var encoding = ContentEncoding.Default;
        if (!string.IsNullOrWhiteSpace(transferEncoding) && MimeUtils.TryParse(transferEncoding, out ContentEncoding parsed)) encoding = parsed;
        part.Content = new MimeContent(content, encoding);
        var failures = new List<Failure>();
        string? messageId = null;
        foreach (var group in part.StatusGroups)
        {
            messageId ??= MessageIdOf(group["Original-Message-ID"] ?? group["X-Original-Message-ID"]);
            var action = group["Action"]?.Trim();
            var status = group["Status"]?.Trim().Split([' ', '\t', '('], 2)[0];
            if (!string.Equals(action, "failed", StringComparison.OrdinalIgnoreCase) || status is null || !IsPermanent(status)) continue;
            if (AddressOf(group["Final-Recipient"] ?? group["Original-Recipient"]) is not { } recipient) continue;
            var diagnostic = AfterType(group["Diagnostic-Code"]);
            failures.Add(new Failure(recipient, EmailBounces.Reason(string.IsNullOrWhiteSpace(diagnostic) ? status : diagnostic) ?? status));
        }
        return new DeliveryReport(failures, MessageIdOf(originalMessageId) ?? messageId);
    }

    /// <summary>The Message-ID in a header block (the attached original's headers).</summary>
    public static string? MessageIdIn(Stream headers)
    {
        var list = HeaderList.Load(ParserOptions.Default, headers);
        return MessageIdOf(list[HeaderId.MessageId]);
    }

    /// <summary>A Message-ID without its angle brackets, as the outbox keeps it.</summary>
    public static string? MessageIdOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var id = MimeUtils.ParseMessageId(value) ?? value.Trim().Trim('<', '>');
        return id.Length == 0 ? null : id;
    }

    /// <summary>5.x.x: the server gave up for good (4.x.x is still being tried).</summary>
    private static bool IsPermanent(string status)
    {
        var parts = status.Split('.');
        return parts.Length == 3 && parts[0] == "5" && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
    }

    /// <summary>"rfc822; lan@example.vn" (or "utf-8; …"): the address, when it is one.</summary>
    private static string? AddressOf(string? field)
    {
        var address = AfterType(field)?.Trim('<', '>', ' ');
        return address is not null && MailAddressRules.IsValidAddress(address) ? address : null;
    }

    /// <summary>A typed field ("smtp; 550 5.1.1 …") without its type.</summary>
    private static string? AfterType(string? field)
    {
        if (string.IsNullOrWhiteSpace(field)) return null;
        var semicolon = field.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? field : field[(semicolon + 1)..]).Trim();
    }
}
