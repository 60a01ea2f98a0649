package cn.disclosure.review.lexicon;

/** A lexicon file that cannot be accepted; {@code line} is 1-based (0 for the file as a whole). */
public class LexiconFormatException extends RuntimeException {
    private final int line;

    public LexiconFormatException(int line, String message) {
        super(line > 0 ? "第 " + line + " 行：" + message : message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
