using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;
using LybuntCrm.Web.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LybuntCrm.IntegrationTests.Features.Import;

public sealed class ImportTests
{
    [Fact]
    public async Task Sample_clients_and_purchases_import_with_owners_contacts_and_facts()
    {
        using var app = new CrmApp();
        var (adminId, anId, tomId) = await app.EnsureStandardUsersAsync();

        var clients = await app.ImportAsync("clients.csv", ImportKind.Clients);
        clients.Run!.Status.Should().Be(ImportStatus.Completed);
        (clients.Run.TotalRows, clients.Run.Created, clients.Run.Updated, clients.Run.Skipped, clients.Run.Failed).Should().Be((60, 60, 0, 0, 0));

        var purchases = await app.ImportAsync("purchases.csv", ImportKind.Purchases);
        (purchases.Run!.TotalRows, purchases.Run.Created, purchases.Run.Failed).Should().Be((157, 157, 0));

        await app.WithDbAsync(async db =>
        {
            (await db.Clients.CountAsync()).Should().Be(60);
            (await db.Purchases.CountAsync()).Should().Be(157);
            (await db.Purchases.CountAsync(p => p.Status == PurchaseStatus.Cancelled)).Should().Be(9);
            var c1000 = await db.Clients.Include(c => c.Contacts).Include(c => c.KeyDates).SingleAsync(c => c.ExternalId == "C1000");
            c1000.Name.Should().Be("Khách sạn Biển Xanh");
            c1000.OwnerId.Should().Be(anId, "owners are matched by the account manager's email");
            c1000.Notes.Should().Be("Khách quen, thích gọi điện");
            c1000.Contacts.Should().ContainSingle(c => c.IsPrimary && c.Email == "contact0@client0.example" && c.Name == "Lê Văn Dũng");
            c1000.KeyDates.Should().ContainSingle(k => k.Kind == KeyDateKind.CustomerSince && k.Date == new DateOnly(2023, 2, 12));
            c1000.LastPurchaseOn.Should().Be(new DateOnly(2025, 9, 22), "client facts are refreshed after the import");
            c1000.SearchText.Should().Contain("khach san bien xanh").And.Contain("contact0@client0.example");
            (await db.Clients.CountAsync(c => c.OwnerId == tomId)).Should().Be(20);
            (await db.Clients.CountAsync(c => c.OwnerId == adminId)).Should().Be(20, "sara@example.com is not a user");
            (await db.Clients.CountAsync(c => c.NextCheckInOn == null)).Should().Be(0);
        });
        clients.Outcome!.Issues.Should().Contain(i => i.Kind == IssueKind.Warning && i.Message.Contains("sara@example.com"));
    }

    [Fact]
    public async Task Importing_the_same_files_again_changes_nothing()
    {
        using var app = new CrmApp();
        await app.ImportAsync("clients.csv", ImportKind.Clients);
        await app.ImportAsync("purchases.csv", ImportKind.Purchases);
        var before = await Snapshot(app);

        var clients = await app.ImportAsync("clients.csv", ImportKind.Clients);
        var purchases = await app.ImportAsync("purchases.csv", ImportKind.Purchases);

        (clients.Run!.Created, clients.Run.Updated, clients.Run.Skipped).Should().Be((0, 0, 60));
        (purchases.Run!.Created, purchases.Run.Updated, purchases.Run.Skipped).Should().Be((0, 0, 157));
        (await Snapshot(app)).Should().Be(before);
    }

    [Fact]
    public async Task A_changed_amount_for_the_same_invoice_updates_the_purchase()
    {
        using var app = new CrmApp();
        await app.ImportAsync("clients.csv", ImportKind.Clients);
        await app.ImportAsync("purchases.csv", ImportKind.Purchases);
        var changed = Path.Combine(app.DataDirectory, "changed.csv");
        await File.WriteAllTextAsync(changed, "ClientExternalId,InvoiceNumber,Date,Amount,Currency,Status\nC1000,INV-5001,2024-11-12,4000.00,USD,Completed\n");

        var run = await app.ImportAsync(changed, ImportKind.Purchases);

        (run.Run!.Created, run.Run.Updated).Should().Be((0, 1));
        (await app.WithDbAsync(db => db.Purchases.SingleAsync(p => p.Reference == "INV-5001"))).Amount.Should().Be(4000m);
        (await app.WithDbAsync(db => db.Purchases.CountAsync())).Should().Be(157);
    }

    [Fact]
    public async Task Dry_run_counts_everything_and_writes_nothing()
    {
        using var app = new CrmApp();
        var clients = await app.ImportAsync("clients.csv", ImportKind.Clients, dryRunOnly: true);
        var purchases = await app.ImportAsync("purchases.csv", ImportKind.Purchases, dryRunOnly: true, configure: o => o.CreateMissingClients = true);

        clients.Run!.Status.Should().Be(ImportStatus.DryRun);
        clients.Run.Created.Should().Be(60);
        purchases.Run!.Created.Should().Be(157);
        purchases.Outcome!.ClientsCreated.Should().Be(49);
        await app.WithDbAsync(async db =>
        {
            (await db.Clients.CountAsync()).Should().Be(0);
            (await db.Contacts.CountAsync()).Should().Be(0);
            (await db.KeyDates.CountAsync()).Should().Be(0);
            (await db.Purchases.CountAsync()).Should().Be(0);
        });
    }

    [Fact]
    public async Task Undo_removes_what_the_run_created_and_keeps_the_rest()
    {
        using var app = new CrmApp();
        var clients = await app.ImportAsync("clients.csv", ImportKind.Clients);
        var purchases = await app.ImportAsync("purchases.csv", ImportKind.Purchases);

        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<LybuntCrm.Web.Data.CrmDbContext>();
            var run = await db.ImportRuns.SingleAsync(r => r.Id == purchases.Run!.Id);
            return await sp.GetRequiredService<ImportService>().UndoAsync(run, CancellationToken.None);
        });
        await app.WithDbAsync(async db =>
        {
            (await db.Purchases.CountAsync()).Should().Be(0);
            (await db.Clients.CountAsync()).Should().Be(60);
            (await db.Clients.CountAsync(c => c.LastPurchaseOn != null)).Should().Be(0, "facts are refreshed after undo");
            (await db.ImportRuns.SingleAsync(r => r.Id == purchases.Run!.Id)).Status.Should().Be(ImportStatus.Undone);
        });

        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<LybuntCrm.Web.Data.CrmDbContext>();
            var run = await db.ImportRuns.SingleAsync(r => r.Id == clients.Run!.Id);
            return await sp.GetRequiredService<ImportService>().UndoAsync(run, CancellationToken.None);
        });
        await app.WithDbAsync(async db =>
        {
            (await db.Clients.CountAsync()).Should().Be(0);
            (await db.Contacts.CountAsync()).Should().Be(0);
            (await db.KeyDates.CountAsync()).Should().Be(0);
        });
    }

    [Fact]
    public async Task Purchases_of_unknown_clients_are_reported_or_create_the_clients_as_chosen()
    {
        using var app = new CrmApp();
        var reported = await app.ImportAsync("purchases.csv", ImportKind.Purchases);
        (reported.Run!.Created, reported.Run.Failed).Should().Be((0, 157));
        reported.Outcome!.Issues.First().Message.Should().Be("No client has the external id 'C1000'. Import the clients first, or choose to create missing clients.");
        (await app.WithDbAsync(db => db.Purchases.CountAsync())).Should().Be(0);

        var created = await app.ImportAsync("purchases.csv", ImportKind.Purchases, configure: o => o.CreateMissingClients = true);
        (created.Run!.Created, created.Run.Failed).Should().Be((157, 0));
        await app.WithDbAsync(async db =>
        {
            (await db.Clients.CountAsync(c => c.ImportRunId == created.Run.Id)).Should().Be(49);
            (await db.Purchases.CountAsync(p => p.ImportRunId == created.Run.Id)).Should().Be(157);
        });
    }

    [Fact]
    public async Task An_interrupted_run_is_marked_once_its_heartbeat_is_stale_and_resuming_it_finishes_without_duplicates()
    {
        using var app = new CrmApp();
        await app.ImportAsync("clients.csv", ImportKind.Clients);
        var run = await app.ImportAsync("purchases.csv", ImportKind.Purchases, dryRunOnly: true);
        // Half of the file went in before the process stopped.
        await app.WithDbAsync(async db =>
        {
            var ids = await db.Clients.ToDictionaryAsync(c => c.ExternalId!, c => c.Id);
            foreach (var line in (await File.ReadAllLinesAsync(ImportDriver.File("purchases.csv"))).Skip(1).Take(80))
            {
                var f = line.Split(',');
                db.Purchases.Add(new Purchase
                {
                    ClientId = ids[f[0]],
                    Reference = f[1],
                    Date = DateOnly.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture),
                    Amount = decimal.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture),
                    Currency = f[4],
                    Status = Enum.Parse<PurchaseStatus>(f[5]),
                    ImportRunId = run.Run!.Id,
                });
            }
            await db.SaveChangesAsync();
            await db.ImportRuns.Where(r => r.Id == run.Run!.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ImportStatus.Running).SetProperty(r => r.HeartbeatAtUtc, DateTime.UtcNow.AddMinutes(-3)));
        });
        var watchdog = app.Services.GetServices<IHostedService>().OfType<InterruptedImports>().Single();
        Task<ImportStatus> StatusAsync() => app.WithDbAsync(db => db.ImportRuns.Where(r => r.Id == run.Run!.Id).Select(r => r.Status).SingleAsync());

        // A run that beat three minutes ago may still be running in another instance or a command-line import.
        (await watchdog.MarkStaleAsync(CancellationToken.None)).Should().Be(0);
        (await StatusAsync()).Should().Be(ImportStatus.Running);

        await app.WithDbAsync(db => db.ImportRuns.Where(r => r.Id == run.Run!.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeartbeatAtUtc, DateTime.UtcNow.AddMinutes(-11))));
        (await watchdog.MarkStaleAsync(CancellationToken.None)).Should().Be(1);
        (await StatusAsync()).Should().Be(ImportStatus.Interrupted);

        var resumed = await app.WithServicesAsync(sp => sp.GetRequiredService<ImportService>().ExecuteAsync(run.Run!.Id, CancellationToken.None));
        (resumed!.Created, resumed.Skipped).Should().Be((157, 0), "rows committed before the interruption belong to this run");
        (await app.WithDbAsync(db => db.Purchases.CountAsync())).Should().Be(157);
    }

    [Fact]
    public async Task Command_line_import_exits_zero_when_every_row_went_in_and_one_when_a_row_failed()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();

        (await CommandLine.RunAsync(app.Services, ["import", ImportDriver.File("clients.csv"), "--kind", "clients", "--dry-run"])).Should().Be(0);
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(0);
        (await CommandLine.RunAsync(app.Services, ["import", ImportDriver.File("clients.csv"), "--kind", "clients"])).Should().Be(0);
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(60);
        (await CommandLine.RunAsync(app.Services, ["import", ImportDriver.File("bad/malformed-dates.csv"), "--kind", "clients"])).Should().Be(1);
        (await CommandLine.RunAsync(app.Services, ["import", ImportDriver.File("bad/empty.csv"), "--kind", "clients"])).Should().Be(1);
        (await CommandLine.RunAsync(app.Services, ["import", ImportDriver.File("clients.csv"), "--kind", "invoices"])).Should().Be(2);
    }

    private static Task<string> Snapshot(CrmApp app) => app.WithDbAsync(async db =>
    {
        var clients = await db.Clients.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => $"{c.Id}|{c.Name}|{c.OwnerId}|{c.Notes}|{c.SearchText}|{c.LastPurchaseOn}").ToListAsync();
        var contacts = await db.Contacts.AsNoTracking().OrderBy(c => c.Id).Select(c => $"{c.Id}|{c.Name}|{c.Email}|{c.Phone}|{c.BirthdayDay}").ToListAsync();
        var purchases = await db.Purchases.AsNoTracking().OrderBy(p => p.Id).Select(p => $"{p.Id}|{p.ClientId}|{p.Reference}|{p.Date}|{p.Amount}|{p.Status}").ToListAsync();
        return string.Join("\n", clients.Concat(contacts).Concat(purchases));
    });
}
