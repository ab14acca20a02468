using LybuntCrm.Web.Infrastructure;

namespace LybuntCrm.UnitTests.Infrastructure;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Nguyễn", "nguyen")]
    [InlineData("NGUYỄN Văn Đức", "nguyen van duc")]
    [InlineData("Đặng Thị Hương", "dang thi huong")]
    [InlineData("Trần Quốc Toản", "tran quoc toan")]
    public void Vietnamese_diacritics_and_case_fold_away(string text, string folded) =>
        SearchText.Fold(text).Should().Be(folded);

    [Fact]
    public void Query_without_diacritics_is_found_in_a_name_with_them() =>
        SearchText.Fold("Công ty Nguyễn Phát").Should().Contain(SearchText.Fold("nguyen phat"));

    [Fact]
    public void Precomposed_and_decomposed_forms_fold_the_same() =>
        SearchText.Fold("Nguye\u0302\u0303n").Should().Be(SearchText.Fold("Nguy\u1EC5n")).And.Be("nguyen");

    [Theory]
    [InlineData("علي", "علی")]   // Arabic yeh ي → Persian yeh ی
    [InlineData("مصطفى", "مصطفی")] // Arabic alef maksura ى → Persian yeh
    [InlineData("كريمي", "کریمی")] // Arabic kaf ك → Persian kaf ک
    public void Arabic_forms_of_yeh_and_kaf_match_the_Persian_letters(string arabic, string persian) =>
        SearchText.Fold(arabic).Should().Be(SearchText.Fold(persian));

    [Fact]
    public void Persian_name_typed_with_an_Arabic_keyboard_is_found()
    {
        var stored = SearchText.ForClient("شرکت کیمیا", null, [("علی کریمی", "ali@example.com", null)]);
        stored.Should().Contain(SearchText.Fold("علي كريمي"));
        stored.Should().Contain(SearchText.Fold("كيميا"));
    }

    [Fact]
    public void Zero_width_non_joiner_and_extra_spaces_do_not_matter() =>
        SearchText.Fold("  می\u200Cخواهم   خرید ").Should().Be(SearchText.Fold("میخواهم خرید"));

    [Fact]
    public void Different_names_stay_different() =>
        SearchText.Fold("Nguyễn").Should().NotBe(SearchText.Fold("Nguyên Hà"));

    [Fact]
    public void Client_text_includes_contacts_and_phone_digits()
    {
        var text = SearchText.ForClient("Hương Sen Co.", "EXT-7", [("Đặng Văn Lâm", "lam@example.vn", "+84 (90) 123-4567")]);
        text.Should().Contain("huong sen co.").And.Contain("dang van lam").And.Contain("lam@example.vn").And.Contain("84901234567").And.Contain("ext-7");
    }

    [Fact]
    public void Names_equal_once_folded_share_a_sort_key_and_it_is_the_start_of_the_search_text()
    {
        SearchText.SortKeyOf("Đặng Văn An").Should().Be("dang van an").And.Be(SearchText.SortKeyOf("DANG  van an "));
        SearchText.SortKeyOf("محمد رضايي").Should().Be(SearchText.SortKeyOf("محمد رضایی"));
        // The migration fills existing clients from the search text: the text before the first " | ".
        SearchText.ForClient("Hương Sen Co.", "EXT-7", []).Should().StartWith(SearchText.SortKeyOf("Hương Sen Co.") + " | ");
    }

    [Fact]
    public void Setting_a_client_name_sets_its_sort_key_within_the_column_length()
    {
        var client = new LybuntCrm.Web.Domain.Client { Name = "Ánh" };
        client.SortKey.Should().Be("anh");
        client.Name = new string('x', 300);
        client.SortKey.Should().HaveLength(SearchText.SortKeyMaxLength);
    }
}
