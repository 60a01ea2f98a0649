package cn.disclosure.review.patrol;

import cn.disclosure.review.content.EditScript;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares the approved body text of a publication with the text of its page on the site.
 * <p>
 * The page has the site around the article (navigation, header, footer, related links), so the rule
 * is one-sided: <b>the approved body, normalised, must appear in the page's visible text as one
 * contiguous run, in order</b>. Normalisation is Unicode NFKC with every kind of white space removed
 * (so reflowed paragraphs, {@code <br>} versus {@code <p>}, full-width/half-width letters and entity
 * spellings do not count); everything else — a changed, added, removed or reordered character
 * inside the article — does. Text on the page outside that run is taken to be site chrome; what it
 * carries is still inspected (NEW_FINDING), so a marking added in a sidebar is found there.
 * <p>
 * When the rule fails the difference is shown paragraph by paragraph: the approved paragraphs are
 * aligned (longest common subsequence) with the part of the page between the first and last
 * paragraph that still matches, widened by as many page paragraphs as approved ones are missing at
 * either end; the result lists approved paragraphs missing from the page ({@code -}) and page
 * paragraphs that were not approved ({@code +}), at most {@link #MAX_LINES} lines of at most
 * {@link #MAX_LINE} characters.
 */
public final class PageComparison {
    static final int MAX_LINES = 40;
    static final int MAX_LINE = 300;
    /** Paragraphs this long (code points) or longer count as evidence that a withdrawn text is still online. */
    static final int EVIDENCE_LENGTH = 10;

    /** One line of the diff: {@code "-"} approved but not on the page, {@code "+"} on the page but not approved. */
    public record DiffLine(String op, String text) {
    }

    public record Result(boolean matches, List<DiffLine> diff) {
    }

    private PageComparison() {
    }

    public static Result compare(String approved, String page) {
        List<String> a = paragraphs(approved);
        List<String> p = paragraphs(page);
        String approvedRun = String.join("", a);
        if (approvedRun.isEmpty() || String.join("", p).contains(approvedRun)) {
            return new Result(true, List.of());
        }
        return new Result(false, diff(a, p));
    }

    /** Whether a withdrawn publication's text is still on the page: one of its longer paragraphs appears there. */
    public static boolean stillOnline(String approved, String page) {
        List<String> a = paragraphs(approved);
        String p = String.join("", paragraphs(page));
        if (p.isEmpty()) {
            return false;
        }
        boolean anyLong = false;
        for (String x : a) {
            if (x.codePointCount(0, x.length()) >= EVIDENCE_LENGTH) {
                anyLong = true;
                if (p.contains(x)) {
                    return true;
                }
            }
        }
        String whole = String.join("", a);
        return !anyLong && !whole.isEmpty() && p.contains(whole);
    }

    /** Non-empty lines of {@code text}, each normalised (NFKC, no white space). */
    public static List<String> paragraphs(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.replace("\r\n", "\n").replace('\r', '\n').split("\n")) {
            String n = normalise(line);
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }

    static String normalise(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(n.length());
        n.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c) && c != 0x200B && c != 0xFEFF)
                .forEach(sb::appendCodePoint);
        return sb.toString();
    }

    private static List<DiffLine> diff(List<String> a, List<String> p) {
        // where the approved text still is on the page
        List<EditScript.Op<Integer>> whole = EditScript.of(indices(a.size()), indices(p.size()),
                (i, j) -> a.get(i).equals(p.get(j)));
        int firstA = -1, firstP = -1, lastA = -1, lastP = -1;
        int ai = 0, pi = 0;
        for (EditScript.Op<Integer> op : whole) {
            switch (op.kind()) {
                case SAME -> {
                    if (firstA < 0) {
                        firstA = ai;
                        firstP = pi;
                    }
                    lastA = ai;
                    lastP = pi;
                    ai++;
                    pi++;
                }
                case DEL -> ai++;
                case INS -> pi++;
            }
        }
        List<String> window;
        if (firstA < 0) {
            // nothing of the approved text is left: show the approved text and the page's first paragraphs
            window = p.subList(0, Math.min(p.size(), a.size()));
        } else {
            int from = Math.max(0, firstP - firstA);
            int to = Math.min(p.size(), lastP + 1 + (a.size() - 1 - lastA));
            window = p.subList(from, to);
        }
        List<DiffLine> out = new ArrayList<>();
        for (EditScript.Op<String> op : EditScript.of(a, window, String::equals)) {
            if (op.kind() == EditScript.Kind.SAME) {
                continue;
            }
            if (out.size() == MAX_LINES) {
                out.add(new DiffLine("…", "（差异较多，只列出前 " + MAX_LINES + " 处）"));
                break;
            }
            String t = op.token();
            if (t.codePointCount(0, t.length()) > MAX_LINE) {
                t = t.substring(0, t.offsetByCodePoints(0, MAX_LINE)) + "…";
            }
            out.add(new DiffLine(op.kind() == EditScript.Kind.DEL ? "-" : "+", t));
        }
        if (out.isEmpty()) {
            // same paragraphs, but not one contiguous run (something was inserted between them on the page)
            out.add(new DiffLine("+", "（审查通过的正文段落在页面上被其他内容隔开或顺序改变）"));
        }
        return out;
    }

    private static List<Integer> indices(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
