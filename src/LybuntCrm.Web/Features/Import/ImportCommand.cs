using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Import;

/// <summary>
/// <c>import &lt;file&gt; --kind clients|purchases [--dry-run]</c>: the same import as the pages, for nightly automation.
/// Exit code 0 when every row went in (or was skipped as unchanged), 1 when a row failed or the file was unusable.
/// </summary>
public sealed class ImportCommand(CrmDbContext db, ImportService imports) : ICommand
{
    public string Name => "import";
    public IReadOnlyCollection<string> Flags => ["dry-run", "create-missing-clients", "decimal-comma"];

    public string Usage => "import <file> --kind clients|purchases [--dry-run] [--create-missing-clients] [--owner EMAIL]\n" +
                           "         [--encoding utf-8|windows-1252|windows-1258|windows-1256|utf-16] [--delimiter ,|;|tab]\n" +
                           "         [--date-format yyyy-MM-dd|dd/MM/yyyy|MM/dd/yyyy|dd.MM.yyyy] [--decimal-comma] [--mapping NAME]";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken ct)
    {
        var path = args.Position(0, "file");
        if (!File.Exists(path)) throw new CommandException($"There is no file {path}.");
        var kind = args.Required("kind").ToLowerInvariant() switch
        {
            "clients" => ImportKind.Clients,
            "purchases" => ImportKind.Purchases,
            _ => throw new CommandException("--kind must be clients or purchases."),
        };
        var ownerEmail = args.Option("owner");
        var owner = await db.Users.AsNoTracking()
            .Where(u => ownerEmail != null ? u.NormalizedEmail == ownerEmail.ToUpperInvariant()
                : db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin)))
            .OrderBy(u => u.Email).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (owner is null)
            throw new CommandException(ownerEmail is null ? "There is no administrator yet; create one first (users add)." : $"No user has the email {ownerEmail}.");

        await using var stream = File.OpenRead(path);
        var (run, error) = await imports.CreateAsync(stream, Path.GetFileName(path), kind, owner, ct);
        if (run is null)
        {
            await Console.Error.WriteLineAsync(error);
            return 1;
        }
        var options = ImportOptions.FromJson(run.OptionsJson);
        if (args.Option("mapping") is { } mappingName)
        {
            var mapping = (await imports.SavedMappingsAsync(kind, ct)).FirstOrDefault(m => m.Name.Equals(mappingName, StringComparison.OrdinalIgnoreCase))
                ?? throw new CommandException($"There is no saved {kind.ToString().ToLowerInvariant()} mapping named {mappingName}.");
            options.Columns = ImportService.ApplyMapping(mapping, options.Headers);
        }
        if (args.Option("encoding") is { } encoding)
            options.Encoding = Infrastructure.Csv.CsvEncoding.IsOffered(encoding) ? encoding : throw new CommandException($"Unknown encoding {encoding}.");
        if (args.Option("delimiter") is { } delimiter)
            options.Delimiter = delimiter switch { "," or ";" => delimiter, "tab" or "\\t" => "\t", _ => throw new CommandException("--delimiter must be , ; or tab.") };
        if (args.Option("date-format") is { } dateFormat)
            options.DateFormat = ImportOptions.DateFormats.Contains(dateFormat) ? dateFormat : throw new CommandException($"Unknown date format {dateFormat}.");
        if (args.Flag("decimal-comma")) options.DecimalComma = true;
        options.CreateMissingClients = args.Flag("create-missing-clients");
        run.OptionsJson = options.ToJson();
        await db.SaveChangesAsync(ct);

        if (!options.EncodingCertain && args.Option("encoding") is null)
            Console.WriteLine($"The file is not valid UTF-8; reading it as {options.Encoding} (use --encoding to choose).");
        // A real import checks every row as it goes, so the file is read once; a dry run only checks.
        var outcome = args.Flag("dry-run")
            ? await imports.DryRunAsync(run, ct)
            : await imports.ExecuteAsync(run.Id, ct) ?? throw new CommandException($"Import run #{run.Id} cannot be started.");
        if (outcome.FileProblem is not null)
        {
            await Console.Error.WriteLineAsync(outcome.FileProblem);
            return 1;
        }
        var verb = args.Flag("dry-run") ? "Dry run (nothing written)" : "Imported";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{verb}: {outcome.Total} rows — {outcome.Created} created, {outcome.Updated} updated, {outcome.Skipped} skipped, {outcome.Failed} failed. Run #{run.Id}."));
        if (outcome.ClientsCreated > 0) Console.WriteLine($"{outcome.ClientsCreated} new clients.");
        foreach (var issue in outcome.Issues.Take(50))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  row {issue.Row}, {issue.Column}: {issue.Kind.ToString().ToLowerInvariant()} — {issue.Message}"));
        if (outcome.IssueCount > 50) Console.WriteLine($"  … and {outcome.IssueCount - 50} more (see the run's error file in the app).");
        return outcome.Failed > 0 ? 1 : 0;
    }
}
