using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients.Duplicates;
using LybuntCrm.Web.Features.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LybuntCrm.IntegrationTests.Features.Clients.Duplicates.DuplicateSeed;

namespace LybuntCrm.IntegrationTests.Features.Import;

/// <summary>
/// The dry run lists the rows that look like existing clients (as creating a client does), each with a choice the real
/// run carries out: update that client, create anyway, or skip.
/// </summary>
public sealed class ImportLikelyMatchTests
{
    private const string File = "likely/thai-binh-duong.csv";
    private const int FirstRow = 2;

    private static Task<int> ExistingAsync(CrmApp app, string ownerId) =>
        ClientAsync(app, "Công ty TNHH Thái Bình Dương", ownerId, phone: "+84903123456", shape: c => c.Notes = "Kept since 2019");

    private static Task ChooseAsync(CrmApp app, int runId, ImportMatchChoice choice, int? clientId = null) =>
        app.WithDbAsync(db => db.ImportLikelyMatches.Where(m => m.ImportRunId == runId && m.Row == FirstRow)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Choice, choice).SetProperty(m => m.UpdateClientId, clientId)));

    private static Task<ImportOutcome?> CommitAsync(CrmApp app, int runId) =>
        app.WithServicesAsync(sp => sp.GetRequiredService<ImportService>().ExecuteAsync(runId, CancellationToken.None));

    private static Task<Client> ClientRowAsync(CrmApp app, int id) =>
        app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == id));

    [Fact]
    public async Task A_vietnamese_name_in_capitals_without_diacritics_and_the_same_phone_is_listed_as_a_likely_match()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var existing = await ExistingAsync(app, managerId);

        var dry = await app.ImportAsync(File, ImportKind.Clients, dryRunOnly: true);

        var listed = dry.Outcome!.LikelyMatches.Should().ContainSingle().Subject;
        listed.Row.Should().Be(FirstRow);
        listed.Choice.Should().Be(ImportMatchChoice.Skip, "a shared phone and a name alike are a hint, not an identity");
        var match = LikelyMatches.FromJson(listed.MatchesJson).Should().ContainSingle().Subject;
        match.Id.Should().Be(existing);
        match.Reasons.Should().Be(DuplicateReasons.SamePhone | DuplicateReasons.SimilarName);
        match.NameSimilarity.Should().Be(100);
        dry.Run!.Created.Should().Be(0);
        dry.Run.Skipped.Should().Be(1);
        (await app.WithDbAsync(db => db.ImportLikelyMatches.CountAsync(m => m.ImportRunId == dry.Run.Id))).Should().Be(1, "the choice waits with the run");
    }

    [Fact]
    public async Task Choosing_update_updates_the_existing_client_through_the_pipeline_and_creates_none()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var existing = await ExistingAsync(app, managerId);
        var dry = await app.ImportAsync(File, ImportKind.Clients, dryRunOnly: true);
        await ChooseAsync(app, dry.Run!.Id, ImportMatchChoice.Update, existing);

        var outcome = await CommitAsync(app, dry.Run.Id);

        outcome!.Updated.Should().Be(1);
        outcome.Created.Should().Be(0);
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(1);
        (await ClientRowAsync(app, existing)).Notes.Should().Be("Met at the Saigon fair");
        (await app.WithServicesAsync(sp => sp.GetRequiredService<ImportService>().UndoAsync(dry.Run, CancellationToken.None)))
            .Clients.Should().Be(0, "an undo removes what the run created; the update stays");
        (await ClientRowAsync(app, existing)).Notes.Should().Be("Met at the Saigon fair");
    }

    [Fact]
    public async Task Create_anyway_creates_a_second_client_and_the_undo_removes_it()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var existing = await ExistingAsync(app, managerId);
        var dry = await app.ImportAsync(File, ImportKind.Clients, dryRunOnly: true);
        await ChooseAsync(app, dry.Run!.Id, ImportMatchChoice.Create);

        var outcome = await CommitAsync(app, dry.Run.Id);

        outcome!.Created.Should().Be(1);
        var created = await app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id != existing));
        created.Name.Should().Be("CONG TY TNHH THAI BINH DUONG");
        created.ImportRunId.Should().Be(dry.Run.Id);
        (await ClientRowAsync(app, existing)).Notes.Should().Be("Kept since 2019");

        (await app.WithServicesAsync(sp => sp.GetRequiredService<ImportService>().UndoAsync(dry.Run, CancellationToken.None)))
            .Clients.Should().Be(1);
        (await app.WithDbAsync(db => db.Clients.Select(c => c.Id).ToListAsync())).Should().Equal(existing);
    }

    [Fact]
    public async Task Skip_writes_nothing_for_the_row_and_says_why()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var existing = await ExistingAsync(app, managerId);
        var dry = await app.ImportAsync(File, ImportKind.Clients, dryRunOnly: true);
        await ChooseAsync(app, dry.Run!.Id, ImportMatchChoice.Skip);

        var outcome = await CommitAsync(app, dry.Run.Id);

        outcome!.Skipped.Should().Be(1);
        outcome.Created.Should().Be(0);
        outcome.Updated.Should().Be(0);
        outcome.Issues.Should().ContainSingle(i => i.Row == FirstRow && i.Kind == IssueKind.Skipped)
            .Which.Message.Should().Contain("Công ty TNHH Thái Bình Dương");
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(1);
        (await ClientRowAsync(app, existing)).Notes.Should().Be("Kept since 2019");
    }

    [Fact]
    public async Task An_email_one_client_has_among_its_contacts_updates_that_client_unless_chosen_otherwise()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var existing = await ClientAsync(app, "Orchid Hall", managerId, shape: c =>
        {
            c.Contacts.Add(new Contact { Name = "Front desk", Email = "desk@orchid.example", IsPrimary = true });
            c.Contacts.Add(new Contact { Name = "Ms Lan", Email = "Lan@Orchid.example" });
        });

        var dry = await app.ImportAsync("likely/orchid.csv", ImportKind.Clients, dryRunOnly: true);
        var listed = dry.Outcome!.LikelyMatches.Should().ContainSingle().Subject;
        listed.Choice.Should().Be(ImportMatchChoice.Update);
        listed.UpdateClientId.Should().Be(existing);

        (await CommitAsync(app, dry.Run!.Id))!.Updated.Should().Be(1);
        (await ClientRowAsync(app, existing)).Notes.Should().Be("Wedding season");
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(1);
    }

    [Fact]
    public async Task The_run_page_lists_the_row_with_its_client_and_reasons_and_the_posted_choice_is_carried_to_the_real_run()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var existing = await ExistingAsync(app, managerId);
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var upload = await ImportPagesTests.UploadAsync(admin, File, "Clients");
        var map = await admin.GetPageAsync(upload.Location!);
        var dry = await admin.PostAsync(upload.Location! + "&handler=DryRun", ImportPagesTests.MapFields(map), map.AntiforgeryToken);
        var run = await admin.GetPageAsync(dry.Location!);

        var row = run.Document.QuerySelector($"[data-testid=likely-table] tr[data-row='{FirstRow}']")!;
        row.QuerySelector("[data-testid=likely-client]")!.GetAttribute("href").Should().Be($"/Clients/{existing}");
        row.QuerySelectorAll("[data-testid=likely-reason]").Select(r => r.TextContent).Should().Equal("Same phone", "Same name after folding");
        row.QuerySelector("select option[selected]")!.GetAttribute("value").Should().Be("skip");

        var bad = await admin.PostAsync(dry.Location! + "&handler=Choices", new Dictionary<string, string> { [$"Choices[{FirstRow}]"] = "update:999999" }, run.AntiforgeryToken);
        bad.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await admin.GetPageAsync(bad.Location!)).Text.Should().Contain("nothing was saved");

        var saved = await admin.PostAsync(dry.Location! + "&handler=Choices", new Dictionary<string, string> { [$"Choices[{FirstRow}]"] = "create" }, run.AntiforgeryToken);
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var after = await admin.GetPageAsync(saved.Location!);
        after.Document.QuerySelector($"tr[data-row='{FirstRow}'] select option[selected]")!.GetAttribute("value").Should().Be("create");
        after.Document.QuerySelector("[data-count=created]")!.TextContent.Should().Be("1", "the counts follow the choices");

        var commit = await admin.PostAsync(dry.Location! + "&handler=Commit", new Dictionary<string, string> { [$"Choices[{FirstRow}]"] = $"update:{existing}" }, after.AntiforgeryToken);
        commit.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var runId = int.Parse(commit.Location!.Split("id=")[1].Split('&')[0], System.Globalization.CultureInfo.InvariantCulture);
        await app.WithServicesAsync(sp => sp.GetRequiredService<ImportJob>().RunAsync(runId, CancellationToken.None).ContinueWith(_ => 0));

        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(1, "the choice posted with the commit is the one carried out");
        (await ClientRowAsync(app, existing)).Notes.Should().Be("Met at the Saigon fair");
    }
}
