package cn.disclosure.review.text;

import java.util.function.IntPredicate;

/**
 * A context step of the normalisation chain: a short run of "gap" characters (white space, noise
 * symbols) between two characters of a "side" class is removed, so 审 计 工 作 底 稿 and 标-底
 * read as 审计工作底稿 and 标底. A run that is too long or spans a paragraph break is kept.
 * Evaluated by {@link Normalizer} in its single pass.
 */
public record GapRemoval(String name, IntPredicate gap, IntPredicate side, int maxLength, int maxLineBreaks) {

    /** Noise people put between Chinese characters, on purpose or by layout. Never star stand-ins. */
    static final String NOISE = "-_.·•、|/\\~‧・‐‑‒–—―⁃∙⋅";

    /** White space and noise symbols between two Han characters: up to 4 characters, one line break. */
    public static GapRemoval betweenHan() {
        return new GapRemoval("gap-between-han",
                c -> Chars.isWhitespace((char) c) || NOISE.indexOf(c) >= 0,
                c -> Chars.isHan((char) c), 4, 1);
    }

    /**
     * OCR puts spaces between glyphs (机 密 ★ 5 年, 1 3 9 0 …): horizontal white space is removed
     * unless it separates two Latin letters (words).
     */
    public static GapRemoval ocrSpacing() {
        return new GapRemoval("ocr-spacing",
                c -> Chars.isBlank((char) c),
                c -> !Chars.isAsciiLetter((char) c) && !Chars.isWhitespace((char) c), 3, 0);
    }
}
