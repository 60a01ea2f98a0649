package cn.disclosure.review.ui;

import cn.disclosure.review.content.EditScript;

import java.util.ArrayList;
import java.util.List;

/**
 * The difference between two revisions' texts for the review page: a longest-common-subsequence
 * diff over lines, refined to characters (code points) inside each changed block. Inputs too large
 * for the quadratic table fall back to showing the whole changed block as deleted and inserted.
 */
public final class TextDiff {
    public enum Kind { SAME, INS, DEL }

    /** A run of text that is unchanged, inserted or deleted. */
    public record Segment(Kind kind, String text) {
        public boolean isSame() {
            return kind == Kind.SAME;
        }

        public boolean isIns() {
            return kind == Kind.INS;
        }

        public boolean isDel() {
            return kind == Kind.DEL;
        }
    }

    private TextDiff() {
    }

    public static List<Segment> diff(String before, String after) {
        List<String> a = lines(lf(before));
        List<String> b = lines(lf(after));
        List<Segment> out = new ArrayList<>();
        List<Op<String>> ops = lcs(a, b);
        StringBuilder deleted = new StringBuilder();
        StringBuilder inserted = new StringBuilder();
        for (Op<String> op : ops) {
            if (op.kind == Kind.SAME) {
                flushBlock(deleted, inserted, out);
                add(out, Kind.SAME, op.token);
            } else if (op.kind == Kind.DEL) {
                deleted.append(op.token);
            } else {
                inserted.append(op.token);
            }
        }
        flushBlock(deleted, inserted, out);
        return out;
    }

    /** True when the two texts are equal (line endings aside). */
    public static boolean unchanged(List<Segment> diff) {
        return diff.stream().allMatch(Segment::isSame);
    }

    /** A changed block (deleted lines, inserted lines) refined to characters. */
    private static void flushBlock(StringBuilder deleted, StringBuilder inserted, List<Segment> out) {
        if (deleted.isEmpty() && inserted.isEmpty()) {
            return;
        }
        if (deleted.isEmpty() || inserted.isEmpty()) {
            add(out, deleted.isEmpty() ? Kind.INS : Kind.DEL, deleted.isEmpty() ? inserted.toString() : deleted.toString());
        } else {
            List<String> a = codePoints(deleted.toString());
            List<String> b = codePoints(inserted.toString());
            for (Op<String> op : lcs(a, b)) {
                add(out, op.kind, op.token);
            }
        }
        deleted.setLength(0);
        inserted.setLength(0);
    }

    private static void add(List<Segment> out, Kind kind, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (!out.isEmpty() && out.get(out.size() - 1).kind() == kind) {
            Segment last = out.remove(out.size() - 1);
            out.add(new Segment(kind, last.text() + text));
        } else {
            out.add(new Segment(kind, text));
        }
    }

    /** The edit script of two token lists (see {@link EditScript}), in this class's kinds. */
    private static List<Op<String>> lcs(List<String> a, List<String> b) {
        return EditScript.of(a, b, String::equals).stream()
                .map(op -> new Op<>(Kind.valueOf(op.kind().name()), op.token())).toList();
    }

    private record Op<T>(Kind kind, T token) {
    }

    /** Line endings do not count as changes (a browser's form sends CRLF for what was LF). */
    private static String lf(String text) {
        return text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Lines with their line endings, so that joining them gives the text back. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    private static List<String> codePoints(String text) {
        List<String> out = new ArrayList<>(text.length());
        text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }
}
