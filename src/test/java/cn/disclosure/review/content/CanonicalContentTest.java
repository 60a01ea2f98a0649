package cn.disclosure.review.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the canonical form tolerates (re-serialisations) and what it does not (anything a reader or machine gets). */
class CanonicalContentTest {

    static final String APPROVED = "<p>各科室：</p><p>为丰富职工业余文化生活，定于下月举办<a href=\"https://www.example.gov.cn/files/通知.pdf\">健身活动</a>。</p>"
            + "<p><img src=\"/uploads/2026/poster.png\" alt=\"活动海报\" width=\"600\"></p><p>请于周五前报送名单。</p>";

    private static String hash(String html) {
        return CanonicalContent.of(html).hash();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // reflowed paragraphs and line breaks, indentation, entity spelling
            "<P>各科室：</P>\n\n<P>为丰富职工业余文化生活，定于下月举办<A HREF='https://www.example.gov.cn/files/通知.pdf'>健身活动</A>。</P>\n"
                    + "  <p><IMG width=600 alt=活动海报 src=\"/uploads/2026/poster.png\"/></p>\n<p>请于周五前报送名单。</p>",
            "各科室：<br>为丰富职工业余文化生活，定于下月举办<a href=\"https://WWW.EXAMPLE.GOV.CN:443/files/%E9%80%9A%E7%9F%A5.pdf\">健身活动</a>&#12290;<br/>"
                    + "<img alt=\"活动海报\" src=\"/uploads/2026/poster.png\" width=\"600\" loading=\"lazy\" decoding=\"async\"><br />请于周五前报送名单。",
            "<div><span>各科室：</span></div><div>&#x3000;&#x3000;为丰富职工业余文化生活，定于下月举办<a href=\"https://www.example.gov.cn/files/通知.pdf\">健身活动</a>。&nbsp;</div>"
                    + "<!-- wp:image {\"id\":5} --><p><img src=\"/uploads/2026/poster.png\" alt=\"活动海报\" width=\"600\"></p><!-- /wp:image -->"
                    + "<p></p><p>请于周五前报送名单。</p>",
    })
    void reSerialisationsOfTheSameContentAreEqual(String variant) {
        assertThat(hash(variant)).isEqualTo(hash(APPROVED));
    }

    @Test
    void wordPressBlockMarkupAndParagraphAutoFormattingAreTheSameContent() {
        String blocks = "<!-- wp:paragraph -->\n<p>各科室：</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n"
                + "<p>为丰富职工业余文化生活，定于下月举办<a href=\"https://www.example.gov.cn/files/通知.pdf\">健身活动</a>。</p>\n<!-- /wp:paragraph -->\n"
                + "<!-- wp:image {\"id\":5,\"sizeSlug\":\"large\"} -->\n<p><img src=\"/uploads/2026/poster.png\" alt=\"活动海报\" width=\"600\"/></p>\n<!-- /wp:image -->\n"
                + "<!--more-->\n<p>请于周五前报送名单。</p>";
        assertThat(hash(blocks)).isEqualTo(hash(APPROVED));
    }

    @Test
    void plainTextAndItsHtmlRenderingAreTheSameContent() {
        String plain = "　　各科室：\r\n\r\n　　为丰富职工业余文化生活，定于下月举办健身活动。\n请于周五前报送名单。";
        String html = "<p>各科室：</p>\n<p>为丰富职工业余文化生活，定于下月举办健身活动。<br>\n请于周五前报送名单。</p>";
        assertThat(CanonicalContent.of(plain)).isEqualTo(CanonicalContent.of(html));
        assertThat(CanonicalContent.of(plain).text()).isEqualTo("各科室：\n为丰富职工业余文化生活，定于下月举办健身活动。\n请于周五前报送名单。");
    }

    @Test
    void boldAndStrongAreTheSameButAttributesOnAWrapperCount() {
        assertThat(hash("<p>定于<b>下月</b>举办</p>")).isEqualTo(hash("<p>定于<strong>下月</strong>举办</p>"));
        assertThat(hash("<p>定于<span>下月</span>举办</p>")).isEqualTo(hash("<p>定于下月举办</p>"));
        assertThat(hash("<p>定于<span style=\"color:#fff\">下月</span>举办</p>")).isNotEqualTo(hash("<p>定于下月举办</p>"));
        assertThat(hash("<p class=\"a b\">x</p>")).isEqualTo(hash("<div class=\"b  a\">x</div>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "周五", // text
            "https://www.example.gov.cn/files/通知.pdf", // link target
            "/uploads/2026/poster.png", // image source
            "活动海报", // alt text
            "width=\"600\"", // an attribute value
    })
    void anyChangeAReaderOrAMachineGetsIsADifferentContent(String changed) {
        String edited = switch (changed) {
            case "周五" -> APPROVED.replace("周五", "周四");
            case "https://www.example.gov.cn/files/通知.pdf" -> APPROVED.replace(changed, "http://oa.intranet.invalid/内部/通知.docx");
            case "/uploads/2026/poster.png" -> APPROVED.replace(changed, "/uploads/2026/scan.png");
            case "活动海报" -> APPROVED.replace(changed, "机密★5年");
            default -> APPROVED.replace(changed, "width=\"0\"");
        };
        assertThat(hash(edited)).isNotEqualTo(hash(APPROVED));
    }

    @Test
    void addedMarkupThatShowsNothingStillCounts() {
        assertThat(hash(APPROVED + "<!-- 内部资料 -->")).isNotEqualTo(hash(APPROVED));
        assertThat(hash(APPROVED.replace("<p>请于", "<p title=\"内部\">请于"))).isNotEqualTo(hash(APPROVED));
        assertThat(hash(APPROVED.replace("<img ", "<img srcset=\"/uploads/big.png 2x\" "))).isNotEqualTo(hash(APPROVED));
        assertThat(hash(APPROVED.replace("<img ", "<img data-note=\"x\" "))).isNotEqualTo(hash(APPROVED));
        assertThat(hash("<p>a b</p>")).isNotEqualTo(hash("<p>ab</p>"));
        assertThat(hash("<pre>a  b</pre>")).isNotEqualTo(hash("<pre>a b</pre>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<script>alert(1)</script>",
            "<p onclick=\"x()\">a</p>",
            "<iframe src=\"https://x.example/\"></iframe>",
            "<iframe srcdoc=\"&lt;p&gt;机密★5年&lt;/p&gt;\"></iframe>",
            "<object data=\"data:text/html;base64,PHA+5py65a+G4piFNeW5tDwvcD4=\"></object>",
            "<embed src=\"x.swf\">",
            "<style>p::before{content:\"机密★5年\"}</style>",
            "<p style=\"display:none\">a</p>",
            "<p style=\"background:url(https://x.example/a.png)\">a</p>",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://x.example/\">",
            "<base href=\"https://x.example/\">",
            "<form action=\"/x\"><input name=q></form>",
            "<a href=\"javascript:alert(1)\">a</a>",
            "<a href=\" java&#9;script:alert(1)\">a</a>",
            "<a href=\"data:text/html,x\">a</a>",
            "<svg><image href=\"https://x.example/a.png\"/></svg>",
            "<link rel=\"stylesheet\" href=\"https://x.example/a.css\">",
            "<template><p>机密</p></template>",
            "<noscript>内部</noscript>",
            "<p hidden>a</p>",
            "<marquee>a</marquee>",
    })
    void activeContentIsAViolation(String html) {
        assertThat(CanonicalContent.of("<p>正文</p>" + html).violations()).isNotEmpty();
    }

    @Test
    void plainContentHasNoViolations() {
        assertThat(CanonicalContent.of(APPROVED).violations()).isEmpty();
        assertThat(CanonicalContent.of("<table><tr><td rowspan=2>a</td></tr></table><ul><li>x</li></ul><h2>标题</h2>"
                + "<video src=\"/v.mp4\" poster=\"/p.jpg\" controls></video><p style=\"text-align:center;text-indent:2em\">x</p>"
                + "<img src=\"data:image/png;base64,iVBORw0KGgo=\"><a href=\"mailto:a@example.gov.cn\">a</a><o:p></o:p>").violations())
                .isEmpty();
    }

    @Test
    void dataUrlsAreComparedByTheirBytesNotTheirSpelling() {
        String a = "<img src=\"data:image/png;base64,iVBORw0KGgo=\">";
        String b = "<img src=\"data:image/png;base64,iVBO\nRw0KGgo=\">";
        assertThat(hash(a)).isEqualTo(hash(b));
        assertThat(CanonicalContent.of(a).tokens().get(0).attribute("src")).startsWith("data:image/png;sha256=");
    }

    @Test
    void emptyAndWhitespaceOnlyContentIsEmpty() {
        assertThat(CanonicalContent.of("<p>&nbsp;</p><!-- wp:paragraph --><p></p><!-- /wp:paragraph -->").isEmpty()).isTrue();
        assertThat(CanonicalContent.of(" \n\u3000").isEmpty()).isTrue();
        assertThat(CanonicalContent.of(null).tokens()).isEqualTo(List.of());
    }
}
