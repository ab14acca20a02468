using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;
using static LybuntCrm.Web.Infrastructure.Cli.VerbText;

namespace LybuntCrm.Web.Features.Import;

/// <summary>
/// <c>import FILE --kind clients|purchases [--dry-run]</c>: the same import as the pages, for nightly automation.
/// Exit code 0 when every row went in (or was skipped as unchanged), 1 when a row failed or the file was unusable.
/// </summary>
public sealed class ImportCommand(CrmDbContext db, ImportService imports, CommandConsole console, IServiceScopeFactory scopes)
{
    /// <summary>The rest are in the run's error file in the app.</summary>
    private const int MaxIssuesShown = 50;

    public static VerbCommand Define()
    {
        var file = new Argument<string>("file") { Description = T("The CSV file to read.") };
        var kind = new Option<string>("--kind") { Required = true, HelpName = "clients|purchases", Description = T("What the file holds: clients or purchases.") };
        var dryRun = VerbCommand.Flag("--dry-run", T("Checks every row and writes nothing."));
        var createMissing = VerbCommand.Flag("--create-missing-clients", T("Creates a client for a purchase whose client is not found."));
        var owner = new Option<string>("--owner") { HelpName = "EMAIL", Description = T("The manager of new clients (the first administrator if not given).") };
        var encoding = new Option<string>("--encoding") { HelpName = "utf-8|windows-1252|windows-1258|windows-1256|utf-16", Description = T("The file's character encoding, when it is not UTF-8.") };
        var delimiter = new Option<string>("--delimiter") { HelpName = ",|;|tab", Description = T("The character between columns (found from the file if not given).") };
        var dateFormat = new Option<string>("--date-format") { HelpName = "yyyy-MM-dd|dd/MM/yyyy|MM/dd/yyyy|dd.MM.yyyy", Description = T("How dates are written in the file.") };
        var decimalComma = VerbCommand.Flag("--decimal-comma", T("Amounts use a comma before the decimals (1.234,50)."));
        var mapping = new Option<string>("--mapping") { HelpName = "NAME", Description = T("A column mapping saved on the import page.") };
        var json = VerbCommand.JsonFlag();
        return new VerbCommand("import", T("Imports clients or purchases from a CSV file, as the import page does."),
            "import clients.csv --kind clients --dry-run",
            "import sales-2025.csv --kind purchases --create-missing-clients --owner ann@example.com",
            "import export.csv --kind purchases --encoding windows-1258 --delimiter ';' --date-format dd/MM/yyyy --decimal-comma --json")
        {
            file, kind, dryRun, createMissing, owner, encoding, delimiter, dateFormat, decimalComma, mapping, json,
        }.Runs<ImportCommand>((verb, p, ct) => verb.RunAsync(new ImportRequest(p.GetRequiredValue(file), p.GetRequiredValue(kind))
        {
            DryRun = p.GetValue(dryRun),
            CreateMissingClients = p.GetValue(createMissing),
            OwnerEmail = p.GetValue(owner),
            Encoding = p.GetValue(encoding),
            Delimiter = p.GetValue(delimiter),
            DateFormat = p.GetValue(dateFormat),
            DecimalComma = p.GetValue(decimalComma),
            Mapping = p.GetValue(mapping),
            Json = p.GetValue(json),
        }, ct));
    }

    public async Task<int> RunAsync(ImportRequest request, CancellationToken ct)
    {
        var path = request.File;
        if (!File.Exists(path)) throw new CommandException($"There is no file {path}.");
        var kind = request.Kind.ToLowerInvariant() switch
        {
            "clients" => ImportKind.Clients,
            "purchases" => ImportKind.Purchases,
            _ => throw new CommandException("--kind must be clients or purchases."),
        };
        var ownerEmail = request.OwnerEmail;
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
            await console.Error.WriteLineAsync(error);
            if (request.Json) await WriteJsonAsync(new { succeeded = false, fileProblem = error });
            return CommandLine.Failed;
        }
        var options = ImportOptions.FromJson(run.OptionsJson);
        if (request.Mapping is { } mappingName)
        {
            var mapping = (await imports.SavedMappingsAsync(kind, ct)).FirstOrDefault(m => m.Name.Equals(mappingName, StringComparison.OrdinalIgnoreCase))
                ?? throw new CommandException($"There is no saved {kind.ToString().ToLowerInvariant()} mapping named {mappingName}.");
            options.Columns = ImportService.ApplyMapping(mapping, options.Headers);
        }
        if (request.Encoding is { } encoding)
            options.Encoding = Infrastructure.Csv.CsvEncoding.IsOffered(encoding) ? encoding : throw new CommandException($"Unknown encoding {encoding}.");
        if (request.Delimiter is { } delimiter)
            options.Delimiter = delimiter switch { "," or ";" => delimiter, "tab" or "\\t" => "\t", _ => throw new CommandException("--delimiter must be , ; or tab.") };
        if (request.DateFormat is { } dateFormat)
            options.DateFormat = ImportOptions.DateFormats.Contains(dateFormat) ? dateFormat : throw new CommandException($"Unknown date format {dateFormat}.");
        if (request.DecimalComma) options.DecimalComma = true;
        options.CreateMissingClients = request.CreateMissingClients;
        run.OptionsJson = options.ToJson();
        await db.SaveChangesAsync(ct);

        // With --json standard output holds the JSON document only; notes go to standard error.
        var notes = request.Json ? console.Error : console.Out;
        if (!options.EncodingCertain && request.Encoding is null)
            await notes.WriteLineAsync($"The file is not valid UTF-8; reading it as {options.Encoding} (use --encoding to choose).");
        // A real import checks every row as it goes, so the file is read once; a dry run only checks.
        async Task<ImportOutcome?> DryRunAsync() => await imports.DryRunAsync(run, ct);
        var work = request.DryRun ? DryRunAsync() : imports.ExecuteAsync(run.Id, ct);
        var outcome = (request.Json ? await work : await CommandProgress.ShowAsync(console, work, () => RowsReadAsync(run.Id, path)))
            ?? throw new CommandException($"Import run #{run.Id} cannot be started.");
        if (outcome.FileProblem is not null)
        {
            await console.Error.WriteLineAsync(outcome.FileProblem);
            if (request.Json) await WriteJsonAsync(new { succeeded = false, run = run.Id, fileProblem = outcome.FileProblem });
            return CommandLine.Failed;
        }
        if (request.Json)
        {
            await WriteJsonAsync(new
            {
                succeeded = outcome.Failed == 0,
                run = run.Id,
                dryRun = request.DryRun,
                outcome.Total,
                outcome.Created,
                outcome.Updated,
                outcome.Skipped,
                outcome.Failed,
                outcome.ClientsCreated,
                outcome.IssueCount,
                issues = outcome.Issues.Take(MaxIssuesShown).Select(i => new { i.Row, i.Column, kind = i.Kind.ToString().ToLowerInvariant(), i.Message }),
                likelyMatches = outcome.LikelyMatches.OrderBy(m => m.Row).Select(m => new
                {
                    m.Row,
                    m.Name,
                    choice = m.Choice.ToString().ToLowerInvariant(),
                    m.UpdateClientId,
                    matches = Clients.Duplicates.LikelyMatches.FromJson(m.MatchesJson).Select(x => new
                    {
                        client = x.Id,
                        x.Name,
                        x.Score,
                        reasons = Clients.Duplicates.DuplicateReasonText.Each(x.Reasons).Select(r => r.ToString()),
                        x.NameSimilarity,
                    }),
                }),
            });
            return outcome.Failed > 0 ? CommandLine.Failed : CommandLine.Success;
        }
        var verb = request.DryRun ? "Dry run (nothing written)" : "Imported";
        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{verb}: {outcome.Total} rows — {outcome.Created} created, {outcome.Updated} updated, {outcome.Skipped} skipped, {outcome.Failed} failed. Run #{run.Id}."));
        if (outcome.ClientsCreated > 0) await console.Out.WriteLineAsync($"{outcome.ClientsCreated} new clients.");
        if (outcome.LikelyMatches.Count > 0)
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{outcome.LikelyMatches.Count} rows look like existing clients; choose what to do with each on the run's page (/Import/Run?id={run.Id})."));
        foreach (var issue in outcome.Issues.Take(MaxIssuesShown))
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  row {issue.Row}, {issue.Column}: {issue.Kind.ToString().ToLowerInvariant()} — {issue.Message}"));
        if (outcome.IssueCount > MaxIssuesShown)
            await console.Out.WriteLineAsync($"  … and {outcome.IssueCount - MaxIssuesShown} more (see the run's error file in the app).");
        return outcome.Failed > 0 ? CommandLine.Failed : CommandLine.Success;
    }

    /// <summary>How far the run got, read in its own scope: the import's DbContext is busy with the rows.</summary>
    private async Task<string> RowsReadAsync(int runId, string path)
    {
        await using var scope = scopes.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().ImportRuns.AsNoTracking()
            .Where(r => r.Id == runId).Select(r => r.ProcessedRows).FirstOrDefaultAsync();
        return string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)}: {rows:N0} rows read…");
    }

    private Task WriteJsonAsync(object result) => console.Out.WriteLineAsync(JsonSerializer.Serialize(result, JsonSerializerOptions.Web));
}
