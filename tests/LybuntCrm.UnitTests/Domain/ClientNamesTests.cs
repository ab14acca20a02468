using LybuntCrm.Web.Domain;

namespace LybuntCrm.UnitTests.Domain;

public sealed class ClientNamesTests
{
    [Theory]
    // Vietnamese: case, diacritics, đ, legal forms in Vietnamese and English, punctuation.
    [InlineData("Công ty TNHH Thái Bình Dương", "thai binh duong")]
    [InlineData("CONG TY TNHH THAI BINH DUONG", "thai binh duong")]
    [InlineData("Thai Binh Duong Co., Ltd", "thai binh duong")]
    [InlineData("Thái Bình Dương Company Limited", "thai binh duong")]
    [InlineData("Công ty Cổ phần Đại Việt", "dai viet")]
    [InlineData("CTCP Đại Việt", "dai viet")]
    [InlineData("Đại Việt JSC", "dai viet")]
    [InlineData("Công ty TNHH MTV Đức Hùng", "duc hung")]
    [InlineData("Công ty trách nhiệm hữu hạn một thành viên Đức Hùng", "duc hung")]
    [InlineData("Nguyễn Văn Đức", "nguyen van duc")]
    // English.
    [InlineData("Acme, Inc.", "acme")]
    [InlineData("ACME LLC", "acme")]
    [InlineData("Smith & Jones Events Ltd.", "smith jones events")]
    // Persian: Arabic and Persian letter forms, legal forms, digits, the zero-width non-joiner and the tatweel.
    [InlineData("شرکت سهامی خاص پارس", "پارس")]
    [InlineData("شركت پارس", "پارس")]
    [InlineData("پارس (با مسئولیت محدود)", "پارس")]
    [InlineData("علي رضايي", "علی رضایی")]
    [InlineData("علی رضایی", "علی رضایی")]
    [InlineData("علی رضائی", "علی رضایی")]
    [InlineData("كاوه", "کاوه")]
    [InlineData("مؤسسة نور", "موسسه نور")]
    [InlineData("فروشگاه ۱۲۳", "فروشگاه 123")]
    [InlineData("فروشگاه ١٢٣", "فروشگاه 123")]
    [InlineData("سهامی\u200Cخاص نگین", "نگین")]
    [InlineData("نـــگین", "نگین")]
    // A name made only of legal words is still a name; nothing is nothing.
    [InlineData("Công ty TNHH", "cong ty tnhh")]
    [InlineData("  ", "")]
    [InlineData(null, "")]
    public void Names_fold_to_their_distinctive_words(string? name, string folded) =>
        ClientNames.Fold(name).Should().Be(folded);

    [Theory]
    [InlineData("Công ty TNHH Thái Bình Dương", "Thai Binh Duong Co., Ltd")]
    [InlineData("CONG TY TNHH THAI BINH DUONG", "Công ty TNHH Thái Bình Dương")]
    [InlineData("شرکت سهامی خاص كاوه", "کاوه")]
    [InlineData("Acme, Inc.", "ACME LLC")]
    public void The_same_client_in_other_spellings_is_fully_alike(string a, string b) =>
        ClientNames.Similarity(ClientNames.Fold(a), ClientNames.Fold(b)).Should().Be(100);

    [Theory]
    [InlineData("Thai Binh Duong", "Thai Binh Duongg", 90, 100)]
    [InlineData("Binh Duong Thai", "Thai Binh Duong", 100, 100)]
    [InlineData("Nguyen Van An", "Nguyen Van Anh", 85, 99)]
    [InlineData("علی رضایی", "علی رضای", 85, 99)]
    [InlineData("Smith Events", "Jones Catering", 0, 40)]
    [InlineData("Thai Binh Duong", "Dai Viet", 0, 40)]
    public void Similarity_follows_how_many_letters_differ(string a, string b, int atLeast, int atMost) =>
        ClientNames.Similarity(ClientNames.Fold(a), ClientNames.Fold(b)).Should().BeInRange(atLeast, atMost);

    [Fact]
    public void An_empty_name_is_like_nothing() => ClientNames.Similarity("", "acme").Should().Be(0);

    [Theory]
    [InlineData("Thai Binh Duong", "Thai Binh Duongg")]
    [InlineData("Thai Binh Duong", "Tthai Binh Duong")]
    [InlineData("Binh Duong Thai", "Thai Binh Duong")]
    [InlineData("Công ty TNHH Thái Bình Dương", "THAI BINH DUONG CO LTD")]
    public void Alike_names_share_a_blocking_key(string a, string b) =>
        ClientNames.BlockingKeys(ClientNames.Fold(a)).Intersect(ClientNames.BlockingKeys(ClientNames.Fold(b))).Should().NotBeEmpty();

    [Fact]
    public void Unrelated_names_share_no_blocking_key() =>
        ClientNames.BlockingKeys(ClientNames.Fold("Thai Binh Duong")).Intersect(ClientNames.BlockingKeys(ClientNames.Fold("Dai Viet Trading")))
            .Should().BeEmpty();
}
