package cn.disclosure.review.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/**
 * Collects the text of every place of one submission into named parts, in the order the places
 * were first met, and enforces the write limit over all of them. Thread-safe: when a read times
 * out, the caller takes what was read while the reading thread may still be appending.
 */
final class PartSink {

    private final Map<String, Part> parts = new LinkedHashMap<>();
    private final int maxChars;
    private final String limitedPart;
    private long written;
    private boolean closed;

    /** {@code limitedPart} names the submission in the {@code too-long} problem. */
    PartSink(int maxChars, String limitedPart) {
        this.maxChars = maxChars;
        this.limitedPart = limitedPart;
    }

    synchronized void append(String name, Origin origin, CharSequence text) throws LimitReachedException {
        if (closed) {
            throw new LimitReachedException(new ExtractionProblem(limitedPart, Problems.TIMEOUT, "stopped"));
        }
        if (text.length() == 0) {
            return;
        }
        Part part = parts.computeIfAbsent(name, n -> new Part(origin));
        long room = maxChars - written;
        if (text.length() > room) {
            part.text.append(text, 0, (int) Math.max(0, room));
            written = maxChars;
            throw new LimitReachedException(Problems.tooLong(limitedPart, maxChars));
        }
        part.text.append(text);
        written += text.length();
    }

    /** Creates part {@code name} now, empty, so that it keeps its place among the parts when its text comes later (OCR). */
    synchronized void reserve(String name, Origin origin) {
        parts.computeIfAbsent(name, n -> new Part(origin));
    }

    /** Ends the current line of part {@code name}, if it has text after its last line break. */
    synchronized void endLine(String name) {
        Part part = parts.get(name);
        if (part != null) {
            int n = part.text.length();
            if (n > 0 && part.text.charAt(n - 1) != '\n') {
                part.text.append('\n');
            }
        }
    }

    /** Appends a whole line (ending it) to one part. */
    void appendLine(String name, Origin origin, CharSequence text) throws LimitReachedException {
        if (text == null || text.toString().isBlank()) {
            return;
        }
        synchronized (this) {
            endLine(name);
            append(name, origin, text);
            endLine(name);
        }
    }

    /** Stops accepting text: the reading thread gives up at its next append. */
    synchronized void close() {
        closed = true;
    }

    /** The parts with text, trimmed; blank parts are left out. */
    synchronized List<ExtractedPart> parts() {
        List<ExtractedPart> out = new ArrayList<>(parts.size());
        for (Map.Entry<String, Part> e : parts.entrySet()) {
            String text = e.getValue().text.toString().strip();
            if (!text.isEmpty()) {
                out.add(new ExtractedPart(e.getKey(), text, e.getValue().origin));
            }
        }
        return out;
    }

    private static final class Part {
        final Origin origin;
        final StringBuilder text = new StringBuilder();

        Part(Origin origin) {
            this.origin = origin;
        }
    }
}
