using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// The words a reader sees for the app's enum values, in the current UI culture: the one place that turns
/// <c>ClientStatus.LetGo</c> into "Let go" (or "Ngừng theo đuổi", "رهاشده"). Views use it as <c>L</c>
/// (<c>@L[client.Status]</c>), C# as <see cref="Label(IStringLocalizer, Enum)"/>. Enum names stay for values posted by
/// forms, query strings, <c>data-</c> attributes and stored data; never show <c>value.ToString()</c> to a reader.
/// </summary>
public sealed class EnumLabels(IStringLocalizer<SharedResource> t)
{
    /// <summary>The enums whose values users read; each value has a label (checked by a unit test).</summary>
    public static IReadOnlyList<Type> Shown { get; } =
    [
        typeof(ClientStatus), typeof(LifecycleStage), typeof(Channel), typeof(Direction), typeof(TouchpointOutcome),
        typeof(PurchaseStatus), typeof(KeyDateKind), typeof(FollowUpKind), typeof(FollowUpStatus), typeof(RetentionFlag),
        typeof(ReviewDecision), typeof(DisqualifyReason), typeof(EmailStatus), typeof(ImportKind), typeof(ImportStatus),
        typeof(WinBackState), typeof(IssueKind), typeof(ImportField), typeof(TouchpointSource), typeof(MailSecurity), typeof(MailboxProblem),
        typeof(TemplateKind), typeof(TwoFactorRequirement),
    ];

    public string this[Enum value] => Label(t, value);

    public static string Label(IStringLocalizer t, Enum value) => value switch
    {
        ClientStatus v => v switch
        {
            ClientStatus.Prospect => t["Prospect"],
            ClientStatus.Client => t["Client"],
            ClientStatus.Disqualified => t["Disqualified"],
            _ => t["Let go"],
        },
        LifecycleStage v => v switch
        {
            LifecycleStage.Aware => t["Aware"],
            LifecycleStage.Interested => t["Interested"],
            LifecycleStage.Considering => t["Considering"],
            LifecycleStage.Purchased => t["Purchased"],
            LifecycleStage.Satisfied => t["Satisfied"],
            LifecycleStage.Loyal => t["Loyal"],
            _ => t["Advocate"],
        },
        Channel v => v switch
        {
            Channel.Phone => t["Phone"],
            Channel.Email => t["Email"],
            Channel.Letter => t["Letter or note"],
            Channel.Zalo => t["Zalo"],
            Channel.Telegram => t["Telegram"],
            Channel.WhatsApp => t["WhatsApp"],
            _ => t["Meeting"],
        },
        Direction v => v == Direction.Inbound ? t["They reached out"] : t["We reached out"],
        TouchpointOutcome v => v switch
        {
            TouchpointOutcome.Reached => t["Reached"],
            TouchpointOutcome.NoAnswer => t["No answer"],
            TouchpointOutcome.LeftMessage => t["Left a message"],
            TouchpointOutcome.ProposalSent => t["Proposal sent"],
            TouchpointOutcome.Postponed => t["Postponed"],
            TouchpointOutcome.NoShow => t["No-show"],
            TouchpointOutcome.Declined => t["Declined"],
            _ => t["Other"],
        },
        PurchaseStatus v => v == PurchaseStatus.Cancelled ? t["Cancelled"] : t["Completed"],
        KeyDateKind v => v switch
        {
            KeyDateKind.Birthday => t["Birthday"],
            KeyDateKind.CustomerSince => t["Customer since"],
            KeyDateKind.ProjectDelivered => t["Project delivered"],
            _ => t["Other date"],
        },
        FollowUpKind v => v switch
        {
            FollowUpKind.CheckIn => t["Check-in"],
            FollowUpKind.Occasion => t["Occasion"],
            FollowUpKind.WinBack => t["Win-back"],
            FollowUpKind.ProspectReview => t["Prospect review"],
            _ => t["Follow-up"],
        },
        FollowUpStatus v => v switch
        {
            FollowUpStatus.Open => t["open"],
            FollowUpStatus.Done => t["Done"],
            FollowUpStatus.Snoozed => t["snoozed"],
            _ => t["Dismissed"],
        },
        RetentionFlag v => v switch
        {
            RetentionFlag.Lybunt => t["LYBUNT"],
            RetentionFlag.Sybunt => t["SYBUNT"],
            _ => t["Not flagged"],
        },
        ReviewDecision v => v switch
        {
            ReviewDecision.KeepPursuing => t["Keep pursuing"],
            ReviewDecision.Revisit => t["Revisit"],
            _ => t["Disqualify"],
        },
        DisqualifyReason v => v switch
        {
            DisqualifyReason.IdeaTaker => t["Idea taker"],
            DisqualifyReason.AlwaysDelaying => t["Always delaying"],
            DisqualifyReason.TooCostly => t["Too costly"],
            DisqualifyReason.Abusive => t["Abusive"],
            _ => t["Other"],
        },
        EmailStatus v => v switch
        {
            EmailStatus.Pending => t["Pending"],
            EmailStatus.Sending => t["Sending"],
            EmailStatus.Sent => t["Sent"],
            _ => t["Failed"],
        },
        ImportKind v => v == ImportKind.Purchases ? t["Purchases"] : t["Clients"],
        ImportStatus v => v switch
        {
            ImportStatus.Pending => t["Uploaded"],
            ImportStatus.DryRun => t["Checked"],
            ImportStatus.Running => t["Running"],
            ImportStatus.Completed => t["Completed"],
            ImportStatus.Failed => t["Failed"],
            ImportStatus.Interrupted => t["Interrupted"],
            _ => t["Undone"],
        },
        WinBackState v => v switch
        {
            WinBackState.Open => t["open"],
            WinBackState.Snoozed => t["snoozed"],
            WinBackState.Contacted => t["contacted"],
            WinBackState.Recovered => t["Recovered"],
            WinBackState.LetGo => t["Let go"],
            WinBackState.DoNotContact => t["Do not contact"],
            _ => t["no win-back"],
        },
        IssueKind v => v switch
        {
            IssueKind.Failed => t["Failed"],
            IssueKind.Skipped => t["Skipped"],
            _ => t["Warning"],
        },
        ImportField v => FieldLabel(t, v),
        TouchpointSource v => v == TouchpointSource.Mailbox ? t["from a mailbox"] : t["typed in"],
        MailSecurity v => v switch
        {
            MailSecurity.SslOnConnect => t["SSL/TLS (usually port 993)"],
            MailSecurity.StartTls => t["STARTTLS (usually port 143)"],
            _ => t["None (unencrypted)"],
        },
        MailboxProblem v => v switch
        {
            MailboxProblem.Unreachable => t["the server could not be reached"],
            MailboxProblem.PasswordRefused => t["the server refused the user name or password"],
            MailboxProblem.CertificateNotTrusted => t["the server's certificate is not trusted"],
            MailboxProblem.FolderMissing => t["a synced folder no longer exists on the server"],
            MailboxProblem.ServerError => t["the server answered with an error"],
            MailboxProblem.PasswordUnreadable => t["the saved password can no longer be read: enter it again"],
            _ => t["working"],
        },
        TemplateKind v => v switch
        {
            TemplateKind.CheckIn => t["Check-in"],
            TemplateKind.Birthday => t["Birthday"],
            TemplateKind.CustomerSince => t["Customer anniversary"],
            TemplateKind.ProjectSixMonths => t["Six months after a project"],
            TemplateKind.ProjectAnniversary => t["Project anniversary"],
            TemplateKind.WinBack => t["Win-back"],
            TemplateKind.ThankYou => t["Thank you after a purchase"],
            TemplateKind.ReferralAsk => t["Referral ask"],
            _ => t["Prospect follow-up"],
        },
        TwoFactorRequirement v => v switch
        {
            TwoFactorRequirement.Admins => t["Administrators"],
            TwoFactorRequirement.Everyone => t["Everyone"],
            _ => t["Nobody"],
        },
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "No label for this kind of value: add it to EnumLabels."),
    };

    /// <summary>The name of an import field, as the mapping page, the help page and the error report show it.</summary>
    private static string FieldLabel(IStringLocalizer t, ImportField field) => field switch
    {
        ImportField.ExternalId => t["External id"],
        ImportField.Name or ImportField.ClientName => t["Client name"],
        ImportField.ContactName => t["Contact name"],
        ImportField.Email => t["Email"],
        ImportField.Phone => t["Phone"],
        ImportField.Birthday => t["Birthday"],
        ImportField.CustomerSince => t["Customer since"],
        ImportField.Owner => t["Account manager email"],
        ImportField.PreferredChannel => t["Preferred channel"],
        ImportField.Notes => t["Notes"],
        ImportField.PostalAddress => t["Postal address"],
        ImportField.EmailDomain => t["Email domain"],
        ImportField.Zalo => t["Zalo"],
        ImportField.Telegram => t["Telegram"],
        ImportField.WhatsApp => t["WhatsApp"],
        ImportField.ClientExternalId => t["Client external id"],
        ImportField.ClientEmail => t["Client email"],
        ImportField.InvoiceNumber => t["Invoice number"],
        ImportField.Date => t["Date"],
        ImportField.Amount => t["Amount"],
        ImportField.Currency => t["Currency"],
        _ => t["Status"],
    };
}
