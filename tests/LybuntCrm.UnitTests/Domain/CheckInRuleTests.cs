using LybuntCrm.Web.Domain;

namespace LybuntCrm.UnitTests.Domain;

public sealed class CheckInRuleTests
{
    private static readonly DateOnly Created = new(2024, 1, 10);

    private static DateOnly? NextDue(bool contactable, DateOnly? lastContact, DateOnly? lastPurchase, DateOnly createdOn, int cadenceDays,
        DateOnly? revisitOn = null) =>
        CheckInRule.NextDueOf(new Client
        {
            Status = ClientStatus.Client,
            DoNotContact = !contactable,
            LastContactOn = lastContact,
            LastPurchaseOn = lastPurchase,
            CreatedOn = createdOn,
            CadenceDays = cadenceDays,
            RevisitOn = revisitOn,
        });

    [Fact]
    public void Last_contact_plus_cadence_wins_over_purchases() =>
        NextDue(true, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1), Created, 120).Should().Be(new DateOnly(2026, 5, 1));

    [Fact]
    public void Without_contact_the_last_purchase_counts() =>
        NextDue(true, null, new DateOnly(2026, 3, 1), Created, 90).Should().Be(new DateOnly(2026, 5, 30));

    [Fact]
    public void Without_contact_or_purchase_the_creation_date_counts() =>
        NextDue(true, null, null, Created, 7).Should().Be(new DateOnly(2024, 1, 17));

    [Fact]
    public void Clients_that_must_not_be_contacted_have_no_check_in() =>
        NextDue(false, new DateOnly(2026, 1, 1), null, Created, 120).Should().BeNull();

    [Fact]
    public void A_prospect_set_aside_is_due_on_its_revisit_date() =>
        NextDue(true, new DateOnly(2026, 1, 1), null, Created, 30, revisitOn: new DateOnly(2026, 9, 1)).Should().Be(new DateOnly(2026, 9, 1));

    [Theory]
    [InlineData(ClientStatus.Client, false, true)]
    [InlineData(ClientStatus.Prospect, false, true)]
    [InlineData(ClientStatus.Client, true, false)]
    [InlineData(ClientStatus.LetGo, false, false)]
    [InlineData(ClientStatus.Disqualified, false, false)]
    public void Only_clients_and_prospects_that_may_be_contacted_are_contactable(ClientStatus status, bool doNotContact, bool expected) =>
        new Client { Status = status, DoNotContact = doNotContact }.IsContactable.Should().Be(expected);

    [Theory]
    [InlineData(6, false)]
    [InlineData(7, true)]
    [InlineData(730, true)]
    [InlineData(731, false)]
    public void Cadence_is_between_a_week_and_two_years(int days, bool valid) => CheckInRule.IsValidCadence(days).Should().Be(valid);

    [Theory]
    [InlineData(1, 2026, 3, 15, 2026)]
    [InlineData(4, 2026, 3, 31, 2025)]
    [InlineData(4, 2026, 4, 1, 2026)]
    [InlineData(7, 2026, 12, 31, 2026)]
    [InlineData(10, 2026, 9, 30, 2025)]
    public void Fiscal_year_is_named_by_the_year_it_starts(int startMonth, int y, int m, int d, int expected) =>
        FiscalYear.Containing(new DateOnly(y, m, d), startMonth).StartYear.Should().Be(expected);
}
