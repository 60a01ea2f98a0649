package cn.disclosure.review.inspect;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.core.Verdict;
import cn.disclosure.review.extract.ContentExtractor;
import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.extract.Extraction;
import cn.disclosure.review.extract.ExtractionProblem;
import cn.disclosure.review.extract.SubmittedFile;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.lexicon.CompiledLexicon;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine over an extractor that returns what a docx with hidden places would give. */
class DefaultInspectionEngineTest {
    private static final byte[] ANY = {1};

    private final ContentExtractor docx = new ContentExtractor() {
        @Override
        public Extraction extractBody(String partName, String body) {
            return new Extraction(List.of(new ExtractedPart(partName, body, Origin.VISIBLE)), List.of());
        }

        @Override
        public Extraction extractFile(SubmittedFile file) {
            return switch (file.filename()) {
                case "方案.docx" -> new Extraction(List.of(
                        new ExtractedPart("方案.docx", "关于城市更新的实施方案", Origin.VISIBLE),
                        new ExtractedPart("方案.docx/header", "机密★5年", Origin.VISIBLE),
                        new ExtractedPart("方案.docx/comment", "请删掉招标底价一段", Origin.HIDDEN),
                        new ExtractedPart("方案.docx/tracked-deletion", "   ", Origin.HIDDEN),
                        new ExtractedPart("方案.docx/metadata:author", "张三 13905718888", Origin.METADATA)),
                        List.of(new ExtractionProblem("方案.docx/图片1.png", "ocr-unavailable", "图片无法识别文字")));
                case "坏.pdf" -> throw new IllegalStateException("parser bug");
                default -> new Extraction(List.of(new ExtractedPart(file.filename(), "正文", Origin.VISIBLE)), List.of());
            };
        }
    };

    private DefaultInspectionEngine engine(CompiledLexicon lexicon) {
        return new DefaultInspectionEngine(docx, () -> lexicon, Policy.defaults(), 3);
    }

    @Test
    void everyPartIsInspectedAndHiddenAndUnreadablePartsAreReported() {
        CompiledLexicon lexicon = Inspect.lexicon("terms", "招标底价\tBLOCK\n");
        InspectionResult r = engine(lexicon).inspect(new InspectionRequest(Channel.WEBSITE, "标题", "正文",
                List.of(new SubmittedFile("方案.docx", ANY))));
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(r.parts()).containsExactly("title", "body", "方案.docx", "方案.docx/header", "方案.docx/comment",
                "方案.docx/tracked-deletion", "方案.docx/metadata:author", "方案.docx/图片1.png");
        assertThat(r.findings()).extracting(Finding::part, Finding::category).containsExactly(
                org.assertj.core.groups.Tuple.tuple("方案.docx/header", Category.CLASSIFICATION_MARK),
                org.assertj.core.groups.Tuple.tuple("方案.docx/comment", Category.HIDDEN_CONTENT),
                org.assertj.core.groups.Tuple.tuple("方案.docx/comment", Category.SENSITIVE_TERM),
                org.assertj.core.groups.Tuple.tuple("方案.docx/metadata:author", Category.PERSONAL_INFO),
                org.assertj.core.groups.Tuple.tuple("方案.docx/图片1.png", Category.UNREADABLE));
        Finding hidden = r.findings().get(1);
        assertThat(hidden.severity()).isEqualTo(Severity.WARN);
        assertThat(hidden.rule()).isEqualTo("hidden.comment");
        assertThat(hidden.message()).contains("批注").contains("一并公开");
        assertThat(hidden.matched()).isEqualTo("请删掉招标底价一段");
        Finding unreadable = r.findings().get(4);
        assertThat(unreadable.severity()).isEqualTo(Severity.WARN);
        assertThat(unreadable.rule()).isEqualTo("unreadable.ocr-unavailable");
        assertThat(unreadable.message()).contains("图片无法识别文字").contains("人工审查");
        assertThat(r.lexiconVersions()).containsEntry("terms", 1);
    }

    @Test
    void anExtractorFailureIsUnreadableNotAnError() {
        InspectionResult r = engine(CompiledLexicon.empty()).inspect(new InspectionRequest(Channel.WEBSITE, null, null,
                List.of(new SubmittedFile("坏.pdf", ANY), new SubmittedFile("好.txt", ANY))));
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
        assertThat(r.findings()).extracting(Finding::category).containsExactly(Category.UNREADABLE);
        assertThat(r.parts()).containsExactly("坏.pdf", "好.txt");
    }

    @Test
    void unreadableIsNeverWeighedBelowWarnAndInfoTermsPass() {
        Policy lax = Policy.of(java.util.Map.of("unreadable", Severity.INFO, "hidden-content", Severity.INFO,
                "active-content", Severity.INFO, "term-floor", Severity.INFO));
        DefaultInspectionEngine e = new DefaultInspectionEngine(docx, () -> CompiledLexicon.empty(), lax, 3);
        InspectionResult r = e.inspect(new InspectionRequest(Channel.WEBSITE, null, null, List.of(new SubmittedFile("坏.pdf", ANY))));
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);

        InspectionResult info = engine(Inspect.lexicon("t", "植树活动\tINFO\n"))
                .inspect(new InspectionRequest(Channel.WECHAT, null, "我局组织植树活动。", List.of()));
        assertThat(info.verdict()).isEqualTo(Verdict.PASS);
        assertThat(info.findings()).extracting(Finding::severity).containsExactly(Severity.INFO);
    }

    @Test
    void theLexiconsInForceWhenAnInspectionStartsAreUsedAndRecorded() {
        AtomicReference<CompiledLexicon> current = new AtomicReference<>(Inspect.lexicon("t", "植树活动\tBLOCK\n"));
        DefaultInspectionEngine e = new DefaultInspectionEngine(docx, current::get, Policy.defaults(), 3);
        InspectionRequest req = new InspectionRequest(Channel.WEBSITE, null, "我局组织植树活动。", List.of());
        assertThat(e.inspect(req).verdict()).isEqualTo(Verdict.BLOCK);
        current.set(CompiledLexicon.compile(List.of(new cn.disclosure.review.lexicon.LexiconParser(10).parse("t", 2, "义务劳动\tBLOCK\n"))));
        InspectionResult r = e.inspect(req);
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.lexiconVersions()).containsEntry("t", 2);
    }
}
