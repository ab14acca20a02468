using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Messages;

/// <summary>
/// The wording shipped with the app for each purpose in English, Vietnamese and Persian: personal, short, no hard sell.
/// An admin's own wording (<see cref="MessageTemplate"/>) replaces it; removing that brings this back.
/// </summary>
public static class DefaultTemplates
{
    public static readonly IReadOnlyList<string> Languages = ["en", "vi", "fa"];

    public static (string Subject, string Body) For(TemplateKind kind, string language) =>
        All.TryGetValue((kind, language), out var template) ? template : All[(kind, "en")];

    private static readonly Dictionary<(TemplateKind, string), (string Subject, string Body)> All = new()
    {
        [(TemplateKind.CheckIn, "en")] = ("How are things at {{ client_name }}?", """
            Dear {{ form_of_address }},

            It has been a while since we last spoke, and I wanted to ask how you and the team at {{ client_name }} are doing.
            Is there anything on your plate where I could help, or anything you would like us to do differently?

            No need for a long answer; a line back is enough.

            Warm regards,
            {{ manager_name }}
            """),
        [(TemplateKind.CheckIn, "vi")] = ("{{ client_name }} dạo này thế nào?", """
            Chào {{ form_of_address }},

            Đã lâu rồi chúng ta chưa trò chuyện, tôi muốn hỏi thăm {{ form_of_address }} và mọi người ở {{ client_name }} dạo này ra sao.
            Có việc gì tôi có thể hỗ trợ, hoặc điều gì {{ form_of_address }} muốn chúng tôi làm khác đi không?

            Chỉ cần vài dòng hồi âm là đủ ạ.

            Trân trọng,
            {{ manager_name }}
            """),
        [(TemplateKind.CheckIn, "fa")] = ("احوال {{ client_name }} چطور است؟", """
            {{ form_of_address }} گرامی، سلام

            مدتی است که با هم صحبت نکرده‌ایم و خواستم حال شما و همکارانتان در {{ client_name }} را بپرسم.
            آیا کاری هست که بتوانم در آن کمکی کنم، یا چیزی که دوست دارید ما به شکل دیگری انجام دهیم؟

            پاسخی کوتاه هم کافی است.

            با احترام،
            {{ manager_name }}
            """),

        [(TemplateKind.Birthday, "en")] = ("Happy birthday, {{ form_of_address }}!", """
            Dear {{ form_of_address }},

            Happy birthday! I hope the day brings you time with the people you love and a well-earned break.
            Wishing you a healthy and happy year ahead.

            Best wishes,
            {{ manager_name }}
            """),
        [(TemplateKind.Birthday, "vi")] = ("Chúc mừng sinh nhật {{ form_of_address }}!", """
            Chào {{ form_of_address }},

            Chúc mừng sinh nhật {{ form_of_address }}! Mong rằng hôm nay {{ form_of_address }} có thời gian bên những người thân yêu và được nghỉ ngơi thật trọn vẹn.
            Chúc {{ form_of_address }} một tuổi mới nhiều sức khỏe và niềm vui.

            Thân mến,
            {{ manager_name }}
            """),
        [(TemplateKind.Birthday, "fa")] = ("تولدتان مبارک، {{ form_of_address }}!", """
            {{ form_of_address }} گرامی، سلام

            تولدتان مبارک! امیدوارم امروز را در کنار عزیزانتان به خوشی بگذرانید.
            سالی سرشار از سلامتی و شادی برایتان آرزو می‌کنم.

            با بهترین آرزوها،
            {{ manager_name }}
            """),

        [(TemplateKind.CustomerSince, "en")] = ("{% if years == 1 %}A year{% else %}{{ years }} years{% endif %} together: thank you", """
            Dear {{ form_of_address }},

            On {{ occasion_date }} it will be {% if years == 1 %}a year{% else %}{{ years }} years{% endif %} since {{ client_name }} first worked with us.
            Thank you for your trust over this time; it means a great deal to all of us.

            If there is anything we could do better, I would be glad to hear it.

            With thanks,
            {{ manager_name }}
            """),
        [(TemplateKind.CustomerSince, "vi")] = ("{{ years }} năm đồng hành: xin cảm ơn", """
            Chào {{ form_of_address }},

            Ngày {{ occasion_date }} đánh dấu {{ years }} năm {{ client_name }} đồng hành cùng chúng tôi.
            Xin chân thành cảm ơn sự tin tưởng của {{ form_of_address }} trong suốt thời gian qua.

            Nếu có điều gì chúng tôi có thể làm tốt hơn, tôi rất mong được lắng nghe.

            Trân trọng cảm ơn,
            {{ manager_name }}
            """),
        [(TemplateKind.CustomerSince, "fa")] = ("{{ years }} سال همراهی: سپاسگزاریم", """
            {{ form_of_address }} گرامی، سلام

            {{ occasion_date }} {{ years }} سال از آغاز همکاری {{ client_name }} با ما می‌گذرد.
            از اعتماد شما در این مدت صمیمانه سپاسگزاریم.

            اگر کاری هست که بتوانیم بهتر انجام دهیم، خوشحال می‌شوم بشنوم.

            با سپاس،
            {{ manager_name }}
            """),

        [(TemplateKind.ProjectSixMonths, "en")] = ("Six months on: how is it going?", """
            Dear {{ form_of_address }},

            It has been about six months since we finished our work together, and I often think back to it.
            I would love to hear how things have gone since then, and whether anything needs a second look.

            If you have any photos from the day, we would be delighted to see them.

            Kind regards,
            {{ manager_name }}
            """),
        [(TemplateKind.ProjectSixMonths, "vi")] = ("Sáu tháng đã qua: mọi việc thế nào ạ?", """
            Chào {{ form_of_address }},

            Đã khoảng sáu tháng kể từ khi chúng ta hoàn thành công việc cùng nhau, và tôi vẫn thường nhớ lại.
            Tôi rất muốn biết mọi việc từ đó đến nay ra sao, và có điều gì cần chúng tôi xem lại không.

            Nếu {{ form_of_address }} có ảnh từ hôm đó, chúng tôi rất vui được xem.

            Trân trọng,
            {{ manager_name }}
            """),
        [(TemplateKind.ProjectSixMonths, "fa")] = ("شش ماه گذشت: اوضاع چطور است؟", """
            {{ form_of_address }} گرامی، سلام

            حدود شش ماه از پایان کار مشترکمان می‌گذرد و هنوز اغلب به آن فکر می‌کنم.
            خوشحال می‌شوم بدانم از آن زمان اوضاع چطور پیش رفته و آیا چیزی نیاز به بازبینی دارد.

            اگر عکسی از آن روز دارید، از دیدنش بسیار خوشحال می‌شویم.

            با احترام،
            {{ manager_name }}
            """),

        [(TemplateKind.ProjectAnniversary, "en")] = ("{% if years == 1 %}A year{% else %}{{ years }} years{% endif %} since our project", """
            Dear {{ form_of_address }},

            {% if years == 1 %}A year{% else %}{{ years }} years{% endif %} ago we were working together on your project, and I wanted to say thank you again.
            I hope it still serves you well. If anything could use a fresh look, I am here.

            Warm regards,
            {{ manager_name }}
            """),
        [(TemplateKind.ProjectAnniversary, "vi")] = ("{{ years }} năm kể từ dự án của chúng ta", """
            Chào {{ form_of_address }},

            {{ years }} năm trước chúng ta đã cùng làm dự án của {{ form_of_address }}, và tôi muốn một lần nữa gửi lời cảm ơn.
            Mong rằng kết quả vẫn đang phục vụ tốt. Nếu có gì cần xem lại, tôi luôn sẵn sàng.

            Trân trọng,
            {{ manager_name }}
            """),
        [(TemplateKind.ProjectAnniversary, "fa")] = ("{{ years }} سال از پروژه‌مان گذشت", """
            {{ form_of_address }} گرامی، سلام

            {{ years }} سال پیش روی پروژه شما با هم کار می‌کردیم و خواستم دوباره از شما تشکر کنم.
            امیدوارم هنوز به خوبی به کارتان بیاید. اگر چیزی نیاز به بازنگری دارد، در خدمتم.

            با احترام،
            {{ manager_name }}
            """),

        [(TemplateKind.WinBack, "en")] = ("We have missed you at {{ client_name }}", """
            Dear {{ form_of_address }},

            We have not worked together since {{ last_purchase_date }}, and I wanted to check in rather than assume.
            If something we did fell short, I would be grateful to know; and if your needs have simply changed, that is fine too.

            Whenever the time is right, I would be glad to hear what is on your plans for this year.

            Kind regards,
            {{ manager_name }}
            """),
        [(TemplateKind.WinBack, "vi")] = ("Chúng tôi nhớ {{ client_name }}", """
            Chào {{ form_of_address }},

            Từ {{ last_purchase_date }} đến nay chúng ta chưa có dịp hợp tác, nên tôi muốn hỏi thăm thay vì tự đoán.
            Nếu chúng tôi có điều gì chưa tốt, tôi rất mong được biết; còn nếu nhu cầu của {{ form_of_address }} đã thay đổi thì cũng không sao cả.

            Khi nào thuận tiện, tôi rất vui được nghe về kế hoạch năm nay của {{ form_of_address }}.

            Trân trọng,
            {{ manager_name }}
            """),
        [(TemplateKind.WinBack, "fa")] = ("جای {{ client_name }} خالی است", """
            {{ form_of_address }} گرامی، سلام

            از {{ last_purchase_date }} تاکنون با هم همکاری نداشته‌ایم و خواستم به جای حدس زدن، از خودتان بپرسم.
            اگر جایی کوتاهی کرده‌ایم، سپاسگزار می‌شوم بدانم؛ و اگر نیازهایتان تغییر کرده، آن هم کاملاً قابل درک است.

            هر زمان که مناسب بود، خوشحال می‌شوم از برنامه‌های امسالتان بشنوم.

            با احترام،
            {{ manager_name }}
            """),

        [(TemplateKind.ThankYou, "en")] = ("Thank you, {{ form_of_address }}", """
            Dear {{ form_of_address }},

            Thank you for your recent purchase{% if last_purchase_date != blank %} on {{ last_purchase_date }}{% endif %}. We are glad to be working with {{ client_name }}.
            If anything is not as you expected, just reply to this message and I will sort it out.

            With thanks,
            {{ manager_name }}
            """),
        [(TemplateKind.ThankYou, "vi")] = ("Cảm ơn {{ form_of_address }}", """
            Chào {{ form_of_address }},

            Cảm ơn {{ form_of_address }} đã tin tưởng mua hàng{% if last_purchase_date != blank %} ngày {{ last_purchase_date }}{% endif %}. Chúng tôi rất vui được hợp tác cùng {{ client_name }}.
            Nếu có điều gì chưa như mong đợi, {{ form_of_address }} chỉ cần trả lời thư này, tôi sẽ xử lý ngay.

            Trân trọng cảm ơn,
            {{ manager_name }}
            """),
        [(TemplateKind.ThankYou, "fa")] = ("سپاس از شما، {{ form_of_address }}", """
            {{ form_of_address }} گرامی، سلام

            از خرید اخیرتان{% if last_purchase_date != blank %} در {{ last_purchase_date }}{% endif %} سپاسگزاریم. از همکاری با {{ client_name }} خوشحالیم.
            اگر چیزی مطابق انتظارتان نبود، کافی است به همین پیام پاسخ دهید تا پیگیری کنم.

            با سپاس،
            {{ manager_name }}
            """),

        [(TemplateKind.ReferralAsk, "en")] = ("A small favour", """
            Dear {{ form_of_address }},

            I am glad our work has been useful to {{ client_name }}. Most of our new clients come from people like you,
            so if you know someone who could use similar help, I would be grateful for an introduction.

            And of course, no pressure at all.

            Thank you,
            {{ manager_name }}
            """),
        [(TemplateKind.ReferralAsk, "vi")] = ("Một lời nhờ nhỏ", """
            Chào {{ form_of_address }},

            Tôi rất vui vì công việc của chúng tôi đã hữu ích cho {{ client_name }}. Phần lớn khách hàng mới đến với chúng tôi nhờ những người như {{ form_of_address }},
            nên nếu {{ form_of_address }} biết ai cần sự hỗ trợ tương tự, tôi rất cảm kích nếu được giới thiệu.

            Tất nhiên, {{ form_of_address }} đừng bận tâm nếu không tiện.

            Cảm ơn {{ form_of_address }},
            {{ manager_name }}
            """),
        [(TemplateKind.ReferralAsk, "fa")] = ("یک خواهش کوچک", """
            {{ form_of_address }} گرامی، سلام

            خوشحالم که کار ما برای {{ client_name }} مفید بوده است. بیشتر مشتریان تازه ما از طریق کسانی مانند شما با ما آشنا می‌شوند؛
            اگر کسی را می‌شناسید که به کمکی مشابه نیاز دارد، از معرفی‌تان سپاسگزار می‌شوم.

            البته هیچ اجباری در کار نیست.

            با سپاس،
            {{ manager_name }}
            """),

        [(TemplateKind.ProspectFollowUp, "en")] = ("Following up on our conversation", """
            Dear {{ form_of_address }},

            Thank you again for your time when we last spoke. I wanted to follow up and see whether any questions have come up since.
            If now is not the right moment, just let me know when would suit you better.

            Kind regards,
            {{ manager_name }}
            """),
        [(TemplateKind.ProspectFollowUp, "vi")] = ("Tiếp nối cuộc trò chuyện của chúng ta", """
            Chào {{ form_of_address }},

            Cảm ơn {{ form_of_address }} đã dành thời gian trò chuyện lần trước. Tôi muốn hỏi thăm xem từ đó đến nay {{ form_of_address }} có thắc mắc gì thêm không.
            Nếu lúc này chưa tiện, {{ form_of_address }} cứ cho tôi biết thời điểm phù hợp hơn.

            Trân trọng,
            {{ manager_name }}
            """),
        [(TemplateKind.ProspectFollowUp, "fa")] = ("در ادامه گفت‌وگوی قبلی‌مان", """
            {{ form_of_address }} گرامی، سلام

            باز هم از وقتی که در گفت‌وگوی قبلی گذاشتید سپاسگزارم. خواستم بپرسم آیا از آن زمان پرسشی برایتان پیش آمده است.
            اگر الان زمان مناسبی نیست، لطفاً بفرمایید چه زمانی برایتان بهتر است.

            با احترام،
            {{ manager_name }}
            """),
    };
}
