package cn.disclosure.review.ui;

import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.core.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places the stored findings of a revision into the text of its extracted parts, for the review
 * page. A finding is located by its {@code part} and {@code start}/{@code end} offsets when the text
 * there is the matched text; otherwise (the matched text was normalised before matching, or offsets
 * refer to the raw HTML body) by the occurrence of the matched text nearest to {@code start}.
 * Findings that overlap share one mark. Findings that cannot be located are still listed.
 * The result holds plain strings only: the template escapes every one of them.
 */
public final class Highlighter {

    /** A run of a part's text; marked runs carry the anchor id and the heaviest severity under them. */
    public record Segment(String text, String markId, String severity, String tip) {
        public boolean isMark() {
            return markId != null;
        }
    }

    /**
     * One extracted part as shown: its name, a Chinese label, how it was present, its segments, and
     * how many findings are marked in it with the heaviest severity among them.
     */
    public record Part(String name, String label, String origin, boolean hidden, List<Segment> segments, int findings,
                       String severity) {
    }

    /**
     * One finding as listed beside the text.
     *
     * @param anchor the id of the mark showing it ({@code finding-N}), or null when not located
     */
    public record Item(int number, String anchor, String severity, String severityLabel, String category,
                       String categoryLabel, String part, String partLabel, String rule, String message, String matched,
                       String source) {
        public boolean isLocated() {
            return anchor != null;
        }
    }

    public record Result(List<Part> parts, List<Item> findings) {
        public long count(String severity) {
            return findings.stream().filter(f -> f.severity().equals(severity)).count();
        }

        public boolean hasUnlocated() {
            return findings.stream().anyMatch(f -> !f.isLocated());
        }
    }

    private record Span(int number, int start, int end, Severity severity, String tip) {
    }

    private Highlighter() {
    }

    public static Result highlight(List<ExtractedPart> parts, List<Finding> stored) {
        List<Finding> findings = new ArrayList<>(stored == null ? List.of() : stored);
        Map<String, Integer> partOrder = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            partOrder.putIfAbsent(parts.get(i).name(), i);
        }
        findings.sort(Comparator.comparing((Finding f) -> -rank(f.severity()))
                .thenComparing(f -> partOrder.getOrDefault(f.part(), Integer.MAX_VALUE))
                .thenComparingInt(Finding::start));
        // parts by position: two attachments may carry the same name; a finding goes to the first it fits
        Map<Integer, List<Span>> spans = new HashMap<>();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            for (int k = 0; k < parts.size(); k++) {
                ExtractedPart p = parts.get(k);
                int[] at = p.name().equals(f.part()) ? locate(p.text() == null ? "" : p.text(), f) : null;
                if (at != null) {
                    spans.computeIfAbsent(k, x -> new ArrayList<>())
                            .add(new Span(i + 1, at[0], at[1], f.severity(), Labels.category(f.category()) + "：" + f.message()));
                    break;
                }
            }
        }

        Map<Integer, String> anchors = new HashMap<>();
        List<Part> out = new ArrayList<>();
        for (int k = 0; k < parts.size(); k++) {
            ExtractedPart p = parts.get(k);
            List<Span> mine = spans.getOrDefault(k, List.of());
            out.add(new Part(p.name(), Labels.part(p.name()), Labels.origin(p.origin()),
                    p.origin() == ExtractedPart.Origin.HIDDEN, segments(p.text() == null ? "" : p.text(), mine, anchors),
                    mine.size(), mine.stream().map(x -> x.severity() == null ? Severity.INFO : x.severity()).max(Comparator.comparingInt(Highlighter::rank))
                    .map(Enum::name).orElse("")));
        }

        List<Item> items = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            String sev = f.severity() == null ? Severity.INFO.name() : f.severity().name();
            items.add(new Item(i + 1, anchors.get(i + 1), sev, Labels.severity(f.severity()),
                    f.category() == null ? "" : f.category().name(), Labels.category(f.category()),
                    f.part() == null ? "" : f.part(), Labels.part(f.part()), nz(f.rule()), nz(f.message()), nz(f.matched()),
                    Labels.excerptSource(f)));
        }
        return new Result(out, items);
    }

    /** [start, end) of the finding in {@code text}, or null. */
    static int[] locate(String text, Finding f) {
        String matched = f.matched() == null ? "" : f.matched();
        int start = f.start();
        int end = f.end();
        if (start >= 0 && end > start && end <= text.length()
                && (matched.isEmpty() || text.regionMatches(start, matched, 0, matched.length()) && matched.length() == end - start)) {
            return new int[]{start, end};
        }
        if (matched.isEmpty()) {
            return null;
        }
        int best = -1;
        for (int at = text.indexOf(matched); at >= 0; at = text.indexOf(matched, at + 1)) {
            if (best < 0 || Math.abs(at - start) < Math.abs(best - start)) {
                best = at;
            }
            if (at > start) {
                break;
            }
        }
        return best < 0 ? null : new int[]{best, best + matched.length()};
    }

    /** Cuts {@code text} into plain and marked runs; overlapping spans form one mark named after the first. */
    private static List<Segment> segments(String text, List<Span> spans, Map<Integer, String> anchors) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(Span::start).thenComparing(Comparator.comparingInt(Span::end).reversed()));
        List<Segment> out = new ArrayList<>();
        int pos = 0;
        int i = 0;
        while (i < sorted.size()) {
            Span first = sorted.get(i);
            int start = first.start();
            int end = first.end();
            Severity heaviest = first.severity();
            List<String> tips = new ArrayList<>(List.of(first.tip()));
            String id = "finding-" + first.number();
            anchors.put(first.number(), id);
            int j = i + 1;
            while (j < sorted.size() && sorted.get(j).start() < end) {
                Span s = sorted.get(j);
                end = Math.max(end, s.end());
                if (rank(s.severity()) > rank(heaviest)) {
                    heaviest = s.severity();
                }
                if (!tips.contains(s.tip())) {
                    tips.add(s.tip());
                }
                anchors.put(s.number(), id);
                j++;
            }
            start = Math.max(start, pos);
            if (start > pos) {
                out.add(new Segment(text.substring(pos, start), null, null, null));
            }
            if (end > start) {
                out.add(new Segment(text.substring(start, end), id, (heaviest == null ? Severity.INFO : heaviest).name(),
                        String.join("；", tips)));
            }
            pos = Math.max(pos, end);
            i = j;
        }
        if (pos < text.length()) {
            out.add(new Segment(text.substring(pos), null, null, null));
        }
        return out;
    }

    private static int rank(Severity s) {
        return s == null ? 0 : s.ordinal();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
