package cn.disclosure.review.extract;

import static cn.disclosure.review.extract.Parts.allText;
import static cn.disclosure.review.extract.Parts.codes;
import static cn.disclosure.review.extract.Parts.names;
import static cn.disclosure.review.extract.Parts.part;
import static cn.disclosure.review.extract.Parts.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/** Draft bodies (plain text and HTML) and HTML attachments. */
class HtmlExtractionTest {

    private static TikaContentExtractor extractor;
    private static TikaContentExtractor withoutOcr;

    @BeforeAll
    static void start() {
        extractor = Extractors.create();
        withoutOcr = Extractors.create("ocr.enabled", "false");
    }

    @AfterAll
    static void stop() {
        extractor.shutdown();
        withoutOcr.shutdown();
    }

    @Test
    void plainTextBodyIsOnePartExactlyAsGiven() {
        String body = "机密★10年\n关于2023年度重点项目资金审计情况的报告 ";
        Extraction x = extractor.extractBody("body", body);

        assertThat(x.problems()).isEmpty();
        assertThat(x.parts()).containsExactly(new ExtractedPart("body", body, Origin.VISIBLE));
    }

    @Test
    void plainTextWithAWingdingsStarGetsTheUnicodeStar() {
        Extraction x = extractor.extractBody("title", "秘密\uF0AB1年");

        assertThat(text(x, "title")).isEqualTo("秘密★1年");
    }

    @Test
    void emptyBodyHasNoParts() {
        assertThat(extractor.extractBody("body", "  ").parts()).isEmpty();
    }

    @Test
    void commentsHiddenElementsAndAttributesAreTheirOwnParts() {
        String html = "<html><head><title>机密★5年 标题</title><meta name=\"keywords\" content=\"内部\"></head><body>"
                + "<h1>局机关开展义务植树活动</h1><p>今天全体职工<b>参加</b>植树。</p>"
                + "<!-- 原稿：机密★5年 -->"
                + "<div style=\"display:none\">秘密★1年</div>"
                + "<span style=\"visibility: hidden\">隐藏一</span>"
                + "<p hidden>隐藏二</p>"
                + "<span style=\"font-size:0px\">隐藏三</span>"
                + "<div style=\"position:absolute; left:-9999px\">隐藏四</div>"
                + "<div style=\"height:0;overflow:hidden\">隐藏五</div>"
                + "<input type=\"hidden\" name=\"mj\" value=\"绝密\">"
                + "<img src=\"a.png\" alt=\"绝密★长期 扫描件\" title=\"内部资料\">"
                + "<p>第二段</p></body></html>";
        Extraction x = extractor.extractBody("body", html);

        assertThat(codes(x)).isEmpty();
        assertThat(text(x, "body")).isEqualTo("局机关开展义务植树活动\n今天全体职工参加植树。\n第二段");
        assertThat(text(x, "body/html-comment")).isEqualTo("原稿：机密★5年");
        assertThat(part(x, "body/html-comment").origin()).isEqualTo(Origin.HIDDEN);
        assertThat(text(x, "body/hidden-element")).isEqualTo("秘密★1年\n隐藏一\n隐藏二\n隐藏三\n隐藏四\n隐藏五\n绝密");
        assertThat(part(x, "body/hidden-element").origin()).isEqualTo(Origin.HIDDEN);
        assertThat(text(x, "body/attribute:alt")).isEqualTo("绝密★长期 扫描件");
        assertThat(text(x, "body/attribute:title")).isEqualTo("内部资料");
        assertThat(part(x, "body/attribute:alt").origin()).isEqualTo(Origin.HIDDEN);
        assertThat(text(x, "body/metadata:title")).isEqualTo("机密★5年 标题");
        assertThat(part(x, "body/metadata:title").origin()).isEqualTo(Origin.METADATA);
        assertThat(text(x, "body/metadata:keywords")).isEqualTo("内部");
    }

    @Test
    void visibleStylesAreNotHidden() {
        Extraction x = extractor.extractBody("body",
                "<p style=\"font-size:14px; display:block; opacity:1\">正常文字</p><p style=\"height:20px;overflow:hidden\">也正常</p>");

        assertThat(names(x)).containsExactly("body");
        assertThat(text(x, "body")).isEqualTo("正常文字\n也正常");
    }

    @Test
    void htmlAttachmentInALegacyEncodingIsDecoded() {
        byte[] gbk = ("<html><head><meta charset=\"gbk\"></head><body><p>关于开展植树活动的通知</p>"
                + "<!-- 绝密★长期 --></body></html>").getBytes(Charset.forName("GBK"));
        Extraction x = extractor.extractFile(new SubmittedFile("通知.html", gbk));

        assertThat(text(x, "通知.html")).isEqualTo("关于开展植树活动的通知");
        assertThat(text(x, "通知.html/html-comment")).isEqualTo("绝密★长期");
        assertThat(text(x, "通知.html/file-name")).isEqualTo("通知.html");
    }

    @Test
    void anImageInlinedAsDataUriIsReadLikeAnAttachedImage() throws Exception {
        String png = Base64.getEncoder().encodeToString(TestFiles.png(TestFiles.picture("关于调整审计计划的通知")));
        String html = "<p>正文</p><img src=\"data:image/png;base64," + png + "\">";

        Extraction read = withoutOcr.extractBody("body", html);
        assertThat(text(read, "body")).isEqualTo("正文");
        assertThat(codes(read)).containsExactly(Problems.OCR_UNAVAILABLE);
        assertThat(read.problems().get(0).part()).isEqualTo("body/image-1.png");

        if (extractor.ocrAvailable()) {
            Extraction ocr = extractor.extractBody("body", html);
            assertThat(codes(ocr)).isEmpty();
            assertThat(part(ocr, "body/image-1.png/ocr").origin()).isEqualTo(Origin.OCR);
            assertThat(text(ocr, "body/image-1.png/ocr").replace(" ", "")).contains("审计计划的通知");
        }
        assertThat(allText(read)).doesNotContain("base64");
    }

    @Test
    void everyTextAPageCarriesIsRead() {
        String doc = Base64.getEncoder().encodeToString("<p>机密★5年 关于审计情况的报告</p>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String html = "<p>正文</p>"
                + "<iframe srcdoc=\"&lt;p&gt;秘密★1年&lt;/p&gt;\"></iframe>"
                + "<object data=\"data:text/html;base64," + doc + "\"></object>"
                + "<a href=\"data:text/plain,%E5%86%85%E9%83%A8%E8%B5%84%E6%96%99\">x</a>"
                + "<style>p::before{content:\"绝密★长期\"}</style>"
                + "<p data-note=\"工作秘密\" placeholder=\"内部\">x</p>"
                + "<noscript>内部资料</noscript>";
        Extraction x = withoutOcr.extractBody("body", html);

        assertThat(text(x, "body/srcdoc")).contains("秘密★1年");
        assertThat(part(x, "body/data-url:text").origin()).isEqualTo(Origin.HIDDEN);
        assertThat(text(x, "body/data-url")).contains("机密★5年");
        assertThat(allText(x)).contains("机密★5年 关于审计情况的报告").contains("内部资料").contains("绝密★长期");
        assertThat(text(x, "body/css-content")).isEqualTo("绝密★长期");
        assertThat(text(x, "body/attribute:data-note")).isEqualTo("工作秘密");
        assertThat(text(x, "body/attribute:placeholder")).isEqualTo("内部");
        assertThat(text(x, "body/hidden-element")).contains("内部资料");
    }

    @Test
    void wordPressBlockDelimitersAreMarkupButTheirAttributeTextIsRead() {
        String html = "<!-- wp:paragraph -->\n<p>正文</p>\n<!-- /wp:paragraph -->\n"
                + "<!-- wp:image {\"id\":5,\"alt\":\"机密★5年\",\"sizeSlug\":\"large\"} /-->\n<!--more-->";
        Extraction x = withoutOcr.extractBody("body", html);

        assertThat(names(x)).doesNotContain("body/html-comment");
        assertThat(part(x, "body/block-attributes").origin()).isEqualTo(Origin.METADATA);
        assertThat(text(x, "body/block-attributes")).contains("机密★5年").contains("large").doesNotContain("sizeSlug");
    }
}
