package cn.disclosure.review.extract;

/**
 * Text from one place of a submission. {@code name} says where, e.g. {@code body},
 * {@code body/html-comment}, {@code body/hidden-element}, {@code body/attribute:alt},
 * {@code 附件.docx}, {@code 附件.docx/header}, {@code 附件.docx/comment},
 * {@code 附件.docx/tracked-deletion}, {@code 附件.docx/hidden-text}, {@code 附件.docx/metadata:title},
 * {@code 扫描件.png/ocr}, {@code 附件.zip/内层.docx/footer}, {@code attachment-name}.
 * Finding offsets are offsets into {@link #text()}.
 */
public record ExtractedPart(String name, String text, Origin origin) {

    /** How the text was present in the original, which decides how it is normalised and judged. */
    public enum Origin {
        /** What a reader sees: body text, headers, footers, cells, slides. */
        VISIBLE,
        /** Present in the file but not shown when it is read normally: comments, tracked deletions and
         *  moves, hidden text, HTML comments, hidden elements, alt/title attributes. */
        HIDDEN,
        /** Document properties: title, subject, keywords, author, custom properties, file names. */
        METADATA,
        /** Text recognised by OCR in an image or an image-only page. */
        OCR
    }
}
