package cn.disclosure.review.inspect;

import cn.disclosure.review.extract.ContentExtractor;
import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.extract.Extraction;
import cn.disclosure.review.extract.ExtractionProblem;
import cn.disclosure.review.extract.SubmittedFile;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Test-only stand-in until the Tika extractor is merged (then it is deleted): a body is one
 * VISIBLE part as given; a {@code .txt} file in UTF-8 is one VISIBLE part; every other file is an
 * ExtractionProblem (so the engine's fail-closed path is exercised).
 */
@DefaultBean
@ApplicationScoped
public class PlainTextContentExtractor implements ContentExtractor {

    @Override
    public Extraction extractBody(String partName, String body) {
        return new Extraction(List.of(new ExtractedPart(partName, body, Origin.VISIBLE)), List.of());
    }

    @Override
    public Extraction extractFile(SubmittedFile file) {
        String name = file.filename() == null ? "attachment" : file.filename();
        if (name.toLowerCase(Locale.ROOT).endsWith(".txt")) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file.bytes())).toString();
                return new Extraction(List.of(new ExtractedPart(name, text, Origin.VISIBLE)), List.of());
            } catch (CharacterCodingException e) {
                return new Extraction(List.of(), List.of(new ExtractionProblem(name, "malformed-text", "文本文件编码无法识别")));
            }
        }
        return new Extraction(List.of(), List.of(new ExtractionProblem(name, "unsupported", "测试环境只能读取纯文本文件")));
    }
}
