using LybuntCrm.Web.Domain;

namespace LybuntCrm.UnitTests.Domain;

public sealed class DuplicateScoreTests
{
    [Theory]
    [InlineData(DuplicateReasons.None, 0, 0)]
    [InlineData(DuplicateReasons.SameExternalId, 0, 95)]
    [InlineData(DuplicateReasons.SameEmail, 0, 85)]
    [InlineData(DuplicateReasons.SamePhone, 0, 80)]
    [InlineData(DuplicateReasons.SameDomain, 0, 50)]
    [InlineData(DuplicateReasons.SimilarName, 100, 80)]
    [InlineData(DuplicateReasons.SimilarName, 90, 72)]
    [InlineData(DuplicateReasons.SamePhone | DuplicateReasons.SimilarName, 100, 96)]
    [InlineData(DuplicateReasons.SamePhone | DuplicateReasons.SameEmail | DuplicateReasons.SimilarName, 100, 99)]
    public void Independent_evidence_adds_up(DuplicateReasons reasons, int similarity, int score) =>
        DuplicateScore.Of(reasons, similarity).Should().Be(score);

    [Fact]
    public void A_shared_company_domain_alone_is_just_worth_showing() =>
        DuplicateScore.Of(DuplicateReasons.SameDomain, 0).Should().Be(DuplicateScore.MinimumScore);

    [Theory]
    [InlineData(84, DuplicateReasons.SamePhone)]
    [InlineData(85, DuplicateReasons.SamePhone | DuplicateReasons.SimilarName)]
    public void Names_count_from_the_threshold(int similarity, DuplicateReasons expected) =>
        DuplicateScore.WithName(DuplicateReasons.SamePhone, similarity).Should().Be(expected);
}
