using LybuntCrm.Web.Domain;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Admin;

/// <summary>What an audit code means, as a reader says it; an unknown code (from a later version) shows as stored.</summary>
public static class AuditActions
{
    public static string Describe(string action, IStringLocalizer t) => action switch
    {
        "login.succeeded" => t["Signed in"],
        "login.failed" => t["Failed to sign in"],
        "profile.updated" => t["Changed their profile"],
        "user.created" => t["Added a user"],
        "user.role_changed" => t["Changed a user's role"],
        "user.password_changed" => t["Set a new password for a user"],
        "user.deactivated" => t["Deactivated a user"],
        "user.reactivated" => t["Reactivated a user"],
        "client.created" => t["Added a client"],
        "client.updated" => t["Edited a client"],
        "client.owner_changed" => t["Handed a client to another manager"],
        "client.stage_changed" => t["Moved a client to another stage"],
        "client.merged" => t["Merged two clients into one"],
        "client.merge_undone" => t["Undid a merge of two clients"],
        "client.not_duplicate" => t["Marked two clients as not the same"],
        "contact.added" => t["Added a contact"],
        "contact.updated" => t["Edited a contact"],
        "contact.exported" => t["Exported a contact's personal data"],
        "contact.erased" => t["Erased a contact's personal data"],
        "contact.removed" => t["Removed a contact"],
        "keydate.added" => t["Added a key date"],
        "keydate.removed" => t["Removed a key date"],
        "touchpoint.logged" => t["Logged a touch"],
        "touchpoint.deleted" => t["Deleted a touch"],
        "purchase.added" => t["Recorded a purchase"],
        "followup.done" => t["Logged a touch from Today"],
        "followup.snoozed" => t["Snoozed a follow-up"],
        "followup.dismissed" => t["Dismissed a follow-up"],
        "followup.undone" => t["Undid a Done, Snooze or Dismiss"],
        "clients.bulk" => t["Changed many clients at once"],
        "clients.bulk_undone" => t["Undid a change to many clients"],
        "followup.reassigned" => t["Gave a follow-up to someone else"],
        "handoff.acknowledged" => t["Read a hand-off note"],
        "prospect.reviewed" => t["Decided on a prospect review"],
        "lybunt.flag" => t["Ran the LYBUNT flagging"],
        "lybunt.export" => t["Exported a LYBUNT list"],
        "clients.export" => t["Exported the client list"],
        "lybunt.winback.touchpoint" => t["Logged a win-back attempt"],
        "lybunt.winback.snooze" => t["Snoozed a win-back"],
        "lybunt.winback.letgo" => t["Let a client go"],
        "import.started" => t["Started an import"],
        "import.completed" => t["An import finished"],
        "import.undone" => t["Undid an import"],
        "jobs.run" => t["Ran jobs by hand"],
        "email.resend" => t["Sent an email again"],
        "setting.changed" => t["Changed a setting"],
        "message.sent" => t["Wrote to a client"],
        "template.saved" => t["Changed a message template"],
        "template.reset" => t["Put a message template back to its default"],
        "mailbox.connected" => t["Connected a mailbox"],
        "mailbox.changed" => t["Changed a mailbox's settings"],
        "mailbox.removed" => t["Removed a mailbox"],
        "telegram.linked" => t["Connected Telegram"],
        "telegram.unlinked" => t["Disconnected Telegram"],
        _ => action,
    };

    /// <summary>The kind of record an event names, in the reader's words.</summary>
    public static string Record(string? entityType, IStringLocalizer t) => entityType switch
    {
        nameof(Client) => t["Client"],
        "User" => t["User"],
        nameof(FollowUp) => t["Follow-up"],
        nameof(Touchpoint) => t["Touch"],
        nameof(Purchase) => t["Purchase"],
        nameof(Contact) => t["Contact"],
        nameof(KeyDate) => t["Key date"],
        nameof(ImportRun) => t["Import"],
        nameof(MessageTemplate) => t["Message template"],
        nameof(AppSetting) => t["Setting"],
        nameof(OutboundEmail) => t["Email"],
        nameof(Mailbox) => t["Mailbox"],
        "RetentionList" => t["LYBUNT list"],
        "FiscalYear" => t["Fiscal year"],
        null => "",
        _ => entityType,
    };
}
