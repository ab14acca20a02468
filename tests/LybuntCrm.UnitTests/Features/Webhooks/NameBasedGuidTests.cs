using LybuntCrm.Web.Features.Webhooks;

namespace LybuntCrm.UnitTests.Features.Webhooks;

public sealed class NameBasedGuidTests
{
    [Fact]
    public void The_same_name_gives_the_same_version_5_guid_as_other_implementations()
    {
        // Python: uuid.uuid5(uuid.UUID("5f0c1f8e-3d2a-4b7e-9a61-2c8d4e7b1a90"), "followup.due:1:2026-06-15")
        NameBasedGuid.Create("followup.due:1:2026-06-15").Should().Be(new Guid("ae0af8fd-415e-5867-9c13-b4778fd408a5"));
        NameBasedGuid.Create("followup.due:1:2026-06-15").Should().Be(NameBasedGuid.Create("followup.due:1:2026-06-15"));
    }

    [Fact]
    public void Another_follow_up_or_due_date_gives_another_guid()
    {
        var ids = new[] { "followup.due:1:2026-06-15", "followup.due:1:2026-06-16", "followup.due:2:2026-06-15" }.Select(NameBasedGuid.Create);
        ids.Should().OnlyHaveUniqueItems();
    }
}
