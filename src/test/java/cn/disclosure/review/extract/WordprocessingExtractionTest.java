package cn.disclosure.review.extract;

import static cn.disclosure.review.extract.Parts.codes;
import static cn.disclosure.review.extract.Parts.names;
import static cn.disclosure.review.extract.Parts.part;
import static cn.disclosure.review.extract.Parts.text;
import static cn.disclosure.review.extract.TestFiles.p;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/** Every place of a Word document a leak can hide, built from raw WordprocessingML and read back. */
class WordprocessingExtractionTest {

    private static TikaContentExtractor extractor;

    @BeforeAll
    static void start() {
        extractor = Extractors.create();
    }

    @AfterAll
    static void stop() {
        extractor.shutdown();
    }

    private static Extraction read(byte[] docx) {
        return extractor.extractFile(new SubmittedFile("附件.docx", docx));
    }

    @Test
    void headerFooterCommentAndFootnoteAreTheirOwnParts() {
        Extraction x = read(new TestFiles.Docx()
                .body(p("关于做好年度考核工作的通知") + "<w:p><w:commentRangeStart w:id=\"7\"/><w:r><w:t>请审核。</w:t></w:r>"
                        + "<w:commentRangeEnd w:id=\"7\"/><w:r><w:commentReference w:id=\"7\"/></w:r></w:p>")
                .header(p("秘密★1年"))
                .footer(p("第 1 页"))
                .comment("李某", "此稿参考了机密★5年文件，请核实")
                .footnote("据《某通知》（绝密★长期）")
                .bytes());

        assertThat(codes(x)).isEmpty();
        assertThat(text(x, "附件.docx")).isEqualTo("关于做好年度考核工作的通知\n请审核。");
        assertThat(part(x, "附件.docx").origin()).isEqualTo(Origin.VISIBLE);
        assertThat(text(x, "附件.docx/header")).isEqualTo("秘密★1年");
        assertThat(part(x, "附件.docx/header").origin()).isEqualTo(Origin.VISIBLE);
        assertThat(text(x, "附件.docx/footer")).isEqualTo("第 1 页");
        assertThat(text(x, "附件.docx/comment")).isEqualTo("此稿参考了机密★5年文件，请核实");
        assertThat(part(x, "附件.docx/comment").origin()).isEqualTo(Origin.HIDDEN);
        assertThat(text(x, "附件.docx/footnote")).isEqualTo("据《某通知》（绝密★长期）");
        assertThat(text(x, "附件.docx/file-name")).isEqualTo("附件.docx");
        assertThat(part(x, "附件.docx/file-name").origin()).isEqualTo(Origin.METADATA);
    }

    @Test
    void trackedDeletionsMovesAndHiddenTextAreSeparatedFromTheVisibleText() {
        Extraction x = read(new TestFiles.Docx().body(
                "<w:p><w:r><w:t xml:space=\"preserve\">本次会议</w:t></w:r><w:del w:id=\"1\" w:author=\"张某\"><w:r><w:delText>（绝密★长期）</w:delText></w:r></w:del>"
                        + "<w:r><w:t>研究了预算。</w:t></w:r><w:ins w:id=\"2\" w:author=\"张某\"><w:r><w:t>已修改。</w:t></w:r></w:ins></w:p>"
                        + "<w:p><w:moveFrom w:id=\"3\" w:author=\"张某\"><w:r><w:t>秘密★2年</w:t></w:r></w:moveFrom></w:p>"
                        + "<w:p><w:moveTo w:id=\"4\" w:author=\"张某\"><w:r><w:t>移到此处的段落</w:t></w:r></w:moveTo></w:p>"
                        + "<w:p><w:r><w:t>可见文字</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>机密★3年</w:t></w:r><w:r><w:t>继续</w:t></w:r></w:p>"
                        + "<w:p><w:r><w:rPr><w:rStyle w:val=\"Secret\"/></w:rPr><w:t>内部资料</w:t></w:r></w:p>")
                .styles("<w:style w:type=\"character\" w:styleId=\"Base\"><w:rPr><w:vanish/></w:rPr></w:style>"
                        + "<w:style w:type=\"character\" w:styleId=\"Secret\"><w:basedOn w:val=\"Base\"/></w:style>")
                .bytes());

        assertThat(codes(x)).isEmpty();
        assertThat(text(x, "附件.docx")).isEqualTo("本次会议研究了预算。已修改。\n移到此处的段落\n可见文字继续");
        assertThat(text(x, "附件.docx/tracked-deletion")).isEqualTo("（绝密★长期）");
        assertThat(part(x, "附件.docx/tracked-deletion").origin()).isEqualTo(Origin.HIDDEN);
        assertThat(text(x, "附件.docx/tracked-move")).isEqualTo("秘密★2年");
        assertThat(part(x, "附件.docx/tracked-move").origin()).isEqualTo(Origin.HIDDEN);
        assertThat(text(x, "附件.docx/hidden-text")).isEqualTo("机密★3年\n内部资料");
        assertThat(part(x, "附件.docx/hidden-text").origin()).isEqualTo(Origin.HIDDEN);
    }

    @Test
    void symbolFontStarsBecomeTheUnicodeStar() {
        Extraction x = read(new TestFiles.Docx().body(
                "<w:p><w:r><w:t>秘密</w:t></w:r><w:r><w:sym w:font=\"Wingdings\" w:char=\"F0AB\"/></w:r><w:r><w:t>1年</w:t></w:r></w:p>"
                        + "<w:p><w:r><w:t>机密</w:t></w:r><w:r><w:rPr><w:rFonts w:ascii=\"Wingdings\" w:hAnsi=\"Wingdings\"/></w:rPr>"
                        + "<w:t>\uF0AB</w:t></w:r><w:r><w:t>5年</w:t></w:r></w:p>"
                        + "<w:p><w:r><w:t>绝密</w:t></w:r><w:r><w:sym w:font=\"Wingdings 2\" w:char=\"F0EA\"/></w:r><w:r><w:t>长期</w:t></w:r></w:p>"
                        + "<w:p><w:r><w:t>秘密</w:t></w:r><w:r><w:sym w:font=\"Wingdings\" w:char=\"00B6\"/></w:r><w:r><w:t>6个月</w:t></w:r></w:p>"
                        + "<w:p><w:r><w:rPr><w:rFonts w:ascii=\"Symbol\" w:hAnsi=\"Symbol\"/></w:rPr><w:t>\uF061</w:t></w:r></w:p>")
                .bytes());

        assertThat(text(x, "附件.docx")).isEqualTo("秘密★1年\n机密★5年\n绝密★长期\n秘密✰6个月\nα");
    }

    @Test
    void textBoxContentIsReadOnceAndFieldCodesAreHidden() {
        String textBox = "<w:txbxContent>" + p("文本框里的文字") + "</w:txbxContent>";
        Extraction x = read(new TestFiles.Docx().body(
                "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>" + textBox + "</w:drawing></mc:Choice>"
                        + "<mc:Fallback><w:pict>" + textBox + "</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
                        + "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> DOCPROPERTY 密级 </w:instrText></w:r>"
                        + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>机密</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>")
                .bytes());

        assertThat(text(x, "附件.docx")).isEqualTo("文本框里的文字\n机密");
        assertThat(text(x, "附件.docx/field-code")).isEqualTo("DOCPROPERTY 密级");
        assertThat(part(x, "附件.docx/field-code").origin()).isEqualTo(Origin.HIDDEN);
    }

    @Test
    void tableCellsAndParagraphsStartTheirOwnLines() {
        Extraction x = read(new TestFiles.Docx().body(p("标题")
                + "<w:tbl><w:tr><w:tc>" + p("密级") + "</w:tc><w:tc>" + p("机密") + "</w:tc></w:tr>"
                + "<w:tr><w:tc>" + p("保密期限") + "</w:tc><w:tc>" + p("5年") + "</w:tc></w:tr></w:tbl>" + p("正文"))
                .bytes());

        assertThat(text(x, "附件.docx")).isEqualTo("标题\n密级\n机密\n保密期限\n5年\n正文");
    }

    @Test
    void documentPropertiesAndVariablesAreMetadataParts() {
        Extraction x = read(new TestFiles.Docx().body(p("正文"))
                .core("关于机密事项的报告", "预算调整", "张某", "机密★5年", "李某")
                .customProperty("密级", "机密")
                .documentVariable("classification", "秘密★1年")
                .bytes());

        assertThat(text(x, "附件.docx/metadata:title")).isEqualTo("关于机密事项的报告");
        assertThat(text(x, "附件.docx/metadata:subject")).isEqualTo("预算调整");
        assertThat(text(x, "附件.docx/metadata:keywords")).isEqualTo("机密★5年");
        assertThat(text(x, "附件.docx/metadata:author")).isEqualTo("张某");
        assertThat(text(x, "附件.docx/metadata:last-modified-by")).isEqualTo("李某");
        assertThat(text(x, "附件.docx/metadata:custom:密级")).isEqualTo("机密");
        assertThat(part(x, "附件.docx/metadata:custom:密级").origin()).isEqualTo(Origin.METADATA);
        assertThat(text(x, "附件.docx/document-variable")).isEqualTo("classification: 秘密★1年");
        assertThat(part(x, "附件.docx/document-variable").origin()).isEqualTo(Origin.HIDDEN);
    }

    @Test
    void aPlainDocumentHasOnlyItsTextAndName() {
        Extraction x = read(new TestFiles.Docx().body(p("今天上午，我局组织植树活动。")).bytes());

        assertThat(codes(x)).isEmpty();
        assertThat(names(x)).containsExactly("附件.docx/file-name", "附件.docx");
    }
}
