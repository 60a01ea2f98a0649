package cn.disclosure.review.extract;

import java.util.LinkedHashSet;
import java.util.Set;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/**
 * Writes the places of one file into the sink and ends their lines together at each paragraph,
 * cell or block end, without touching the parts of other files (an embedded file is read while
 * its container's paragraph is still open).
 */
final class PlaceWriter {

    private final PartSink sink;
    private final Set<String> names = new LinkedHashSet<>();

    PlaceWriter(PartSink sink) {
        this.sink = sink;
    }

    void write(String name, Origin origin, CharSequence text) throws LimitReachedException {
        names.add(name);
        sink.append(name, origin, text);
    }

    void writeLine(String name, Origin origin, CharSequence text) throws LimitReachedException {
        names.add(name);
        sink.appendLine(name, origin, text);
    }

    void endLines() {
        for (String name : names) {
            sink.endLine(name);
        }
    }
}
