using FluentAssertions;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Infrastructure;

public partial class UpgradeTests
{
    [Theory]
    [MemberData(nameof(ReleasedVersions))]
    public async Task Clients_of_a_released_version_get_the_sort_key_their_name_gives_today(string version)
    {
        var fixture = TestDatabase.UsePostgres ? RestorePostgres(version) : RestoreSqlite(version);
        try
        {
            using var app = new CrmApp(new DateOnly(2026, 12, 7), fixture.Settings);
            var clients = await app.WithDbAsync(db => db.Clients.Select(c => new { c.Name, c.SortKey }).ToListAsync());
            clients.Should().NotBeEmpty();
            clients.Should().OnlyContain(c => c.SortKey == SearchText.SortKeyOf(c.Name), "the migration folds the names as the app does");
        }
        finally
        {
            fixture.Drop();
        }
    }
}
