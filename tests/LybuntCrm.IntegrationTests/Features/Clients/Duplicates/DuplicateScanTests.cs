using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients.Duplicates;
using Microsoft.EntityFrameworkCore;
using static LybuntCrm.IntegrationTests.Features.Clients.Duplicates.DuplicateSeed;

namespace LybuntCrm.IntegrationTests.Features.Clients.Duplicates;

/// <summary>The nightly scan over a real database: which pairs it finds, with which reasons, and which it leaves out.</summary>
public sealed class DuplicateScanTests
{
    private static Task<List<DuplicatePair>> PairsAsync(CrmApp app) =>
        app.WithDbAsync(db => db.DuplicatePairs.AsNoTracking().OrderByDescending(p => p.Score).ThenBy(p => p.ClientAId).ToListAsync());

    private static DuplicatePair? Pair(IEnumerable<DuplicatePair> pairs, int x, int y) =>
        pairs.SingleOrDefault(p => p.ClientAId == Math.Min(x, y) && p.ClientBId == Math.Max(x, y));

    [Fact]
    public async Task The_same_client_in_other_spellings_phones_and_domains_is_found_with_its_reasons()
    {
        using var app = new CrmApp();
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var thaiBinh = await ClientAsync(app, "Công ty TNHH Thái Bình Dương", managerId, phone: "+84903123456");
        var thaiBinhAgain = await ClientAsync(app, "THAI BINH DUONG CO., LTD", otherId, phone: "+84903123456");
        var daiViet = await ClientAsync(app, "Đại Việt", managerId, email: "lan@daiviet.vn");
        var daiVietTrading = await ClientAsync(app, "Nam Phong Trading", otherId, email: "hung@DAIVIET.vn");
        var gmailOne = await ClientAsync(app, "Alpha Studio", managerId, email: "alpha@gmail.com");
        var gmailTwo = await ClientAsync(app, "Omega Catering", managerId, email: "omega@gmail.com");
        var kaveh = await ClientAsync(app, "شرکت سهامی خاص كاوه", managerId);
        var kavehAgain = await ClientAsync(app, "کاوه", otherId);
        var sameMail = await ClientAsync(app, "Smith Events", managerId, email: "jo@smith-events.co.uk");
        var sameMailAgain = await ClientAsync(app, "Jo Smith", managerId, email: "JO@smith-events.co.uk");
        var external = await ClientAsync(app, "Blue Harbour", managerId, shape: c => c.ExternalId = "C-0042");
        var externalAgain = await ClientAsync(app, "Harbour Blue Ltd", managerId, shape: c => c.ExternalId = "c-0042");
        await ClientAsync(app, "Nothing Alike", managerId, phone: "+84909999999");

        var outcome = await ScanAsync(app);
        var pairs = await PairsAsync(app);

        Pair(pairs, thaiBinh, thaiBinhAgain)!.Reasons.Should().Be(DuplicateReasons.SamePhone | DuplicateReasons.SimilarName);
        Pair(pairs, thaiBinh, thaiBinhAgain)!.Score.Should().Be(96);
        Pair(pairs, thaiBinh, thaiBinhAgain)!.NameSimilarity.Should().Be(100);
        Pair(pairs, daiViet, daiVietTrading)!.Reasons.Should().Be(DuplicateReasons.SameDomain);
        Pair(pairs, gmailOne, gmailTwo).Should().BeNull("a free-mail domain says nothing about who wrote");
        Pair(pairs, kaveh, kavehAgain)!.Reasons.Should().Be(DuplicateReasons.SimilarName);
        Pair(pairs, sameMail, sameMailAgain)!.Reasons.Should().HaveFlag(DuplicateReasons.SameEmail).And.HaveFlag(DuplicateReasons.SameDomain);
        Pair(pairs, external, externalAgain)!.Reasons.Should().HaveFlag(DuplicateReasons.SameExternalId);
        pairs.Should().HaveCount(5);
        pairs.Should().OnlyContain(p => p.ClientAId < p.ClientBId && p.Score >= DuplicateScore.MinimumScore);
        outcome.Pairs.Should().Be(5);
        outcome.Clients.Should().Be(13);

        // Safe to run again: the same list, not a second copy.
        await ScanAsync(app);
        (await PairsAsync(app)).Select(p => (p.ClientAId, p.ClientBId, p.Score)).Should().Equal(pairs.Select(p => (p.ClientAId, p.ClientBId, p.Score)));
    }

    [Fact]
    public async Task Pairs_marked_not_the_same_and_merged_clients_are_never_proposed_again()
    {
        using var app = new CrmApp();
        var (adminId, managerId, _) = await app.EnsureStandardUsersAsync();
        var a = await ClientAsync(app, "Thai Binh Duong", managerId, phone: "+84903123456");
        var b = await ClientAsync(app, "Thai Binh Duong", managerId, phone: "+84903123456");
        var c = await ClientAsync(app, "Dai Viet", managerId, phone: "+84911111111");
        var d = await ClientAsync(app, "Dai Viet", managerId, phone: "+84911111111");
        var e = await ClientAsync(app, "Dai Viet JSC", managerId);
        await app.WithDbAsync(async db =>
        {
            db.NotDuplicatePairs.Add(new NotDuplicatePair { ClientAId = a, ClientBId = b, MarkedById = adminId, MarkedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        (await MergeAsync(app, c, d, User(adminId, Roles.Admin))).Succeeded.Should().BeTrue();

        await ScanAsync(app);

        var pairs = await PairsAsync(app);
        pairs.Select(p => (p.ClientAId, p.ClientBId)).Should().Equal((c, e));
    }

    [Fact]
    public async Task A_key_shared_by_too_many_clients_says_nothing()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        for (var i = 0; i <= DuplicateScan.MaxBlockSize; i++)
            await ClientAsync(app, $"Tenant {i:000} of the tower", managerId, phone: "+842838123456");
        await ClientAsync(app, "Orchid Hall", managerId, phone: "+84903123456");
        await ClientAsync(app, "Orchid Hall", managerId, phone: "+84903123456");

        await ScanAsync(app);

        (await PairsAsync(app)).Should().ContainSingle().Which.Reasons.Should().Be(DuplicateReasons.SamePhone | DuplicateReasons.SimilarName);
    }
}
