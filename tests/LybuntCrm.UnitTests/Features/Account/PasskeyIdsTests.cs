using LybuntCrm.Web.Features.Account;

namespace LybuntCrm.UnitTests.Features.Account;

public sealed class PasskeyIdsTests
{
    [Fact]
    public void A_credential_id_survives_a_trip_through_a_form()
    {
        byte[] id = [0, 1, 250, 251, 252, 253, 254, 255, 62, 63];
        var encoded = PasskeyIds.Encode(id);
        encoded.Should().NotContainAny("+", "/", "=");
        PasskeyIds.TryDecode(encoded).Should().Equal(id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64url!")]
    public void Anything_else_is_no_id(string? posted) => PasskeyIds.TryDecode(posted).Should().BeNull();

    [Fact]
    public void An_overlong_id_is_refused_before_decoding() => PasskeyIds.TryDecode(new string('A', 5000)).Should().BeNull();

    [Fact]
    public void The_audit_log_names_a_passkey_by_a_short_hash_not_its_id()
    {
        byte[] id = [1, 2, 3, 4];
        var detail = PasskeyIds.AuditDetail(id);
        detail.Should().MatchRegex("^passkey [0-9a-f]{12}$").And.NotContain(PasskeyIds.Encode(id));
        PasskeyIds.AuditDetail([1, 2, 3, 5]).Should().NotBe(detail);
    }
}
