using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Import;

/// <summary>
/// Every sentence an import writes about a row, a file or a run. They are kept in English (the command line prints them,
/// the error report and <c>ImportRun.Message</c> store them) and always built from one of these templates, so a page
/// can show any stored message in the reader's language (<see cref="Localize"/>).
/// </summary>
public static class ImportMessages
{
    private static readonly MessageTemplates Templates = new();

    public static readonly string ClientNameEmpty = T("The client name is empty.");
    public static readonly string NoSuchOwner = T("No user has the email {0}; new clients go to the importing administrator.");
    public static readonly string NotAChannel = T("'{0}' is not a channel; use Phone, Email, Letter, Meeting, Zalo, Telegram or WhatsApp.");
    /// <summary>The same message from before the chat channels, still in stored reports: kept so they read in every language.</summary>
    public static readonly string NotAChannelBeforeChats = T("'{0}' is not a channel; use Phone, Email, Letter or Meeting.");
    public static readonly string SameClient = T("Same client as row {0}.");
    public static readonly string AmbiguousName = T("Several clients are named '{0}'; use their external id or email instead.");
    public static readonly string InvisibleCharacters = T("Invisible control or text-direction characters were removed.");
    public static readonly string TooLong = T("The value is longer than {0} characters.");
    public static readonly string NotAnEmail = T("'{0}' is not a valid email address.");
    public static readonly string NotADomain = T("'{0}' is not a domain such as example.vn.");
    public static readonly string NotAPhone = T("'{0}' is not a phone number such as {1}; a number from another country needs its country code.");
    public static readonly string NotATelegramUsername = T("'{0}' is not a Telegram username: 5 to 32 letters, digits or underscores, starting with a letter.");
    public static readonly string FreeMailDomain = T("'{0}' is a free-mail domain that anyone can use; the client is imported without an email domain.");
    public static readonly string SerialNumberDate = T("'{0}' looks like a spreadsheet serial number, not a date; format the column as dates ({1}) and export again.");
    public static readonly string NotARealDate = T("'{0}' is not a real date.");
    public static readonly string NotADate = T("'{0}' is not a date in the format {1}.");
    public static readonly string NotAnAmountComma = T("'{0}' is not an amount like 1.234,50.");
    public static readonly string NotAnAmountPoint = T("'{0}' is not an amount like 1234.50.");
    public static readonly string DateEmpty = T("The date is empty.");
    public static readonly string AmountEmpty = T("The amount is empty.");
    public static readonly string NotACurrency = T("'{0}' is not a three-letter currency code such as USD or EUR.");
    public static readonly string NotAStatus = T("'{0}' is not a status; use Completed or Cancelled.");
    public static readonly string NoClientGiven = T("The row does not say which client bought.");
    public static readonly string SamePurchase = T("Same purchase as row {0}.");
    public static readonly string NoClientWithExternalId = T("No client has the external id '{0}'. Import the clients first, or choose to create missing clients.");
    public static readonly string NoClientWithEmail = T("No client has the email {0}. Import the clients first, or choose to create missing clients.");
    public static readonly string NoClientNamed = T("No client is named '{0}'. Import the clients first, or choose to create missing clients.");
    public static readonly string FewerValues = T("The row has {0} values but the header has {1} columns.");
    public static readonly string MoreValues = T("The row has {0} values but the header has only {1} columns.");
    public static readonly string UnclosedQuote = T("A quoted value is never closed.");
    public static readonly string MoreIssues = T("Issues not listed here: {0}.");
    public static readonly string FileEmpty = T("The file is empty.");
    public static readonly string NoDataRows = T("The file has a header row but no data rows.");
    public static readonly string FileTooLarge = T("The file is larger than {0} MB. Split it into smaller files, or ask the administrator of the server to raise Import:MaxFileMegabytes.");
    public static readonly string MapClientName = T("Choose the column that holds the client name.");
    public static readonly string MapClient = T("Choose a column that identifies the client: external id, email or name.");
    public static readonly string MapDate = T("Choose the column that holds the purchase date.");
    public static readonly string MapAmount = T("Choose the column that holds the amount.");
    public static readonly string MappingTooLong = T("This mapping is too long to save; use a shorter name.");
    public static readonly string OneClientCreated = T("One client that did not exist yet is created with its purchases.");
    public static readonly string ClientsCreated = T("{0} clients that did not exist yet are created with their purchases.");
    public static readonly string Undone = T("Undone. Clients removed: {0}. Purchases removed: {1}.");
    public static readonly string Interrupted = T("The import stopped while it was running (the app or the command running it ended). Resume it, or undo what it committed.");
    public static readonly string Failed = T("The import stopped before the end: {0} What was committed stays marked with this run; resume it or undo it.");
    public static readonly string WholeRow = T("(row)");
    public static readonly string LikelySkipped = T("Looks like the existing client '{0}', so it is skipped. On the run's page, choose to update that client or to create a new one.");
    public static readonly string ChosenClientGone = T("The client chosen to update is no longer there (merged or removed); the row is not imported.");

    /// <summary>The English sentence: the template with its values.</summary>
    public static string Format(string template, params object[] values) => MessageTemplates.Format(template, values);

    /// <summary>A stored English message in the reader's language, its whole-number values in the reader's digits.</summary>
    public static string Localize(string? message, IStringLocalizer t, DisplayFormat f) => Templates.Localize(message, t, f);

    /// <summary>Marks an English template: a resource key (found by scripts/i18n-keys.py) that <see cref="Localize"/> knows.</summary>
    private static string T(string template) => Templates.Add(template);
}
