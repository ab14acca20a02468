using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients.Duplicates;
using LybuntCrm.Web.Features.Import;

namespace LybuntCrm.UnitTests.Features.Import;

public sealed class LikelyMatchDefaultTests
{
    private static LikelyMatches.Match Match(int id, DuplicateReasons reasons, int similarity = 0) =>
        new(id, "Client " + id, null, reasons, similarity, DuplicateScore.Of(reasons, similarity));

    [Fact]
    public void The_one_client_sharing_an_external_id_or_an_email_is_updated()
    {
        LikelyMatchDefault.For([Match(7, DuplicateReasons.SameEmail), Match(9, DuplicateReasons.SamePhone | DuplicateReasons.SimilarName, 100)])
            .Should().Be((ImportMatchChoice.Update, (int?)7));
        LikelyMatchDefault.For([Match(3, DuplicateReasons.SameExternalId)]).Should().Be((ImportMatchChoice.Update, (int?)3));
    }

    [Fact]
    public void A_phone_a_domain_or_a_name_alike_is_only_a_hint_and_two_identified_clients_are_a_question()
    {
        LikelyMatchDefault.For([Match(9, DuplicateReasons.SamePhone | DuplicateReasons.SimilarName, 100)]).Should().Be((ImportMatchChoice.Skip, (int?)null));
        LikelyMatchDefault.For([Match(1, DuplicateReasons.SameDomain)]).Should().Be((ImportMatchChoice.Skip, (int?)null));
        LikelyMatchDefault.For([Match(1, DuplicateReasons.SameEmail), Match(2, DuplicateReasons.SameEmail)]).Should().Be((ImportMatchChoice.Skip, (int?)null));
    }
}
