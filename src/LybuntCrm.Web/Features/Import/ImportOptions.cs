using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Import;

/// <summary>A column of the import file can feed one of these fields.</summary>
public enum ImportField
{
    ExternalId, Name, ContactName, Email, Phone, Birthday, CustomerSince, Owner, PreferredChannel, Notes,
    ClientExternalId, ClientEmail, ClientName, InvoiceNumber, Date, Amount, Currency, Status,
    PostalAddress, EmailDomain, Zalo, Telegram, WhatsApp,
}

/// <summary>Which fields each kind of import knows, how they are labelled and which header names suggest them.</summary>
public static class ImportFields
{
    public sealed record FieldInfo(ImportField Field, string Label, string[] Synonyms);

    public static IReadOnlyList<FieldInfo> Clients { get; } =
    [
        new(ImportField.ExternalId, "External id", ["externalid", "id", "clientid", "customerid", "customerno", "customernumber", "accountnumber", "accountid", "clientcode", "customercode", "clientref", "code"]),
        new(ImportField.Name, "Client name", ["clientname", "name", "company", "companyname", "organisation", "organization", "customer", "customername", "client", "accountname", "business"]),
        new(ImportField.ContactName, "Contact name", ["contactname", "contact", "contactperson", "person", "fullname", "maincontact", "primarycontact"]),
        new(ImportField.Email, "Email", ["email", "emailaddress", "mail", "contactemail", "email1"]),
        new(ImportField.Phone, "Phone", ["phone", "telephone", "tel", "phonenumber", "mobile", "mobilephone", "cell", "contactphone"]),
        new(ImportField.Birthday, "Birthday", ["birthday", "birthdate", "dateofbirth", "dob", "contactbirthday"]),
        new(ImportField.CustomerSince, "Customer since", ["customersince", "clientsince", "since", "startdate", "firstpurchase"]),
        new(ImportField.Owner, "Account manager email", ["owner", "owneremail", "accountmanager", "accountmanageremail", "manager", "salesrep", "assignedto"]),
        new(ImportField.PreferredChannel, "Preferred channel", ["preferredchannel", "channel", "contactpreference", "preferredcontact"]),
        new(ImportField.PostalAddress, "Postal address", ["postaladdress", "address", "mailingaddress", "postaddress", "streetaddress", "billingaddress", "địachỉ", "diachi", "địachỉliênhệ", "آدرس", "نشانی", "آدرسپستی", "نشانیپستی"]),
        new(ImportField.EmailDomain, "Email domain", ["emaildomain", "domain", "maildomain", "companydomain", "tênmiền", "tenmien", "tênmiềnemail", "دامنه", "دامنهایمیل"]),
        new(ImportField.Zalo, "Zalo", ["zalo", "zalophone", "zalonumber", "sốzalo", "sozalo", "zalosốđiệnthoại", "زالو"]),
        new(ImportField.Telegram, "Telegram", ["telegram", "telegramusername", "telegramid", "telegramhandle", "tg", "tàikhoảntelegram", "taikhoantelegram", "تلگرام", "آیدیتلگرام", "نامکاربریتلگرام"]),
        new(ImportField.WhatsApp, "WhatsApp", ["whatsapp", "whatsappphone", "whatsappnumber", "wa", "sốwhatsapp", "sowhatsapp", "واتساپ", "واتسآپ", "شمارهواتساپ"]),
        new(ImportField.Notes, "Notes", ["notes", "note", "comments", "comment", "remarks", "description"]),
    ];

    public static IReadOnlyList<FieldInfo> Purchases { get; } =
    [
        new(ImportField.ClientExternalId, "Client external id", ["clientexternalid", "externalid", "clientid", "customerid", "customerno", "customernumber", "accountnumber", "clientcode", "customercode", "clientref"]),
        new(ImportField.ClientEmail, "Client email", ["clientemail", "email", "customeremail", "emailaddress"]),
        new(ImportField.ClientName, "Client name", ["clientname", "customer", "customername", "company", "client", "name", "accountname"]),
        new(ImportField.InvoiceNumber, "Invoice number", ["invoicenumber", "invoice", "invoiceno", "invoiceid", "reference", "ref", "documentnumber", "number", "ordernumber", "orderid"]),
        new(ImportField.Date, "Date", ["date", "invoicedate", "purchasedate", "orderdate", "saledate"]),
        new(ImportField.Amount, "Amount", ["amount", "total", "totalamount", "invoiceamount", "value", "net", "gross", "price", "sum"]),
        new(ImportField.Currency, "Currency", ["currency", "cur", "ccy"]),
        new(ImportField.Status, "Status", ["status", "state"]),
    ];

    public static IReadOnlyList<FieldInfo> For(ImportKind kind) => kind == ImportKind.Clients ? Clients : Purchases;

    public static string Label(ImportField field) =>
        Clients.Concat(Purchases).First(f => f.Field == field).Label;

    public static string NormaliseHeader(string header)
    {
        var sb = new StringBuilder(header.Length);
        foreach (var ch in header.Normalize(NormalizationForm.FormKC))
            if (char.IsLetterOrDigit(ch)) sb.Append(char.ToLowerInvariant(ch));
        return sb.ToString();
    }

    /// <summary>Guesses a field for each header: exact synonyms first, each field used once.</summary>
    public static Dictionary<ImportField, int> Guess(ImportKind kind, IReadOnlyList<string> headers)
    {
        var result = new Dictionary<ImportField, int>();
        var normalised = headers.Select(NormaliseHeader).ToList();
        foreach (var field in For(kind))
        {
            // The earliest synonym wins, so "ClientName" beats "Name" when both are present.
            foreach (var synonym in field.Synonyms)
            {
                var index = normalised.IndexOf(synonym);
                if (index >= 0 && !result.ContainsValue(index))
                {
                    result[field.Field] = index;
                    break;
                }
            }
        }
        return result;
    }
}

/// <summary>How to read a file and where each field comes from; kept as JSON on the <see cref="ImportRun"/>.</summary>
public sealed class ImportOptions
{
    public const string IsoDate = "yyyy-MM-dd";
    public static readonly string[] DateFormats = [IsoDate, "dd/MM/yyyy", "MM/dd/yyyy", "dd.MM.yyyy", "yyyy/MM/dd"];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public string Encoding { get; set; } = "utf-8";
    public string DetectedEncoding { get; set; } = "utf-8";
    public bool EncodingCertain { get; set; } = true;
    public string Delimiter { get; set; } = ",";
    public string DateFormat { get; set; } = IsoDate;
    public bool DecimalComma { get; set; }
    public bool CreateMissingClients { get; set; }
    public string DefaultCurrency { get; set; } = "USD";
    /// <summary>Owner of new clients whose row names no known account manager.</summary>
    public string? DefaultOwnerId { get; set; }
    public List<string> Headers { get; set; } = [];
    /// <summary>Field name → column index in the file.</summary>
    public Dictionary<string, int> Columns { get; set; } = [];

    [JsonIgnore]
    public char DelimiterChar => Delimiter == "\\t" || Delimiter == "\t" ? '\t' : Delimiter.Length > 0 ? Delimiter[0] : ',';

    public int? Column(ImportField field) => Columns.TryGetValue(field.ToString(), out var i) ? i : null;

    /// <summary>The file's header for the column a field comes from, for error messages.</summary>
    public string HeaderOf(ImportField field) =>
        Column(field) is { } i && i < Headers.Count && Headers[i].Length > 0 ? Headers[i] : ImportFields.Label(field);

    [JsonIgnore]
    public CultureInfo NumberCulture => DecimalComma ? DecimalCommaCulture : CultureInfo.InvariantCulture;

    private static readonly CultureInfo DecimalCommaCulture = CreateDecimalComma();

    private static CultureInfo CreateDecimalComma()
    {
        var c = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        c.NumberFormat.NumberDecimalSeparator = ",";
        c.NumberFormat.NumberGroupSeparator = ".";
        return CultureInfo.ReadOnly(c);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ImportOptions FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new ImportOptions();
        try { return JsonSerializer.Deserialize<ImportOptions>(json, Json) ?? new ImportOptions(); }
        catch (JsonException) { return new ImportOptions(); }
    }
}
