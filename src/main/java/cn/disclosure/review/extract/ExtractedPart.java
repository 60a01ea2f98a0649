package cn.disclosure.review.extract;

/**
 * Text from one place of a submission, e.g. {@code body}, {@code body/html-comment},
 * {@code 附件.docx/header}, {@code 附件.docx/comment}, {@code 附件.docx/tracked-deletion},
 * {@code 附件.docx/metadata:title}, {@code 扫描件.png/ocr}, {@code attachment-name}.
 * Finding offsets are offsets into {@link #text()}.
 */
public record ExtractedPart(String name, String text) {
}
