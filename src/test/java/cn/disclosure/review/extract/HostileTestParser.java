package cn.disclosure.review.extract;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.xml.sax.ContentHandler;

/**
 * Parsers that behave like the worst a hostile file can make a real parser do, registered (test
 * classpath only, see {@code custom-mimetypes.xml}) for three made-up types: {@code *.hostile-exit}
 * ends the JVM ({@code System.exit(0)}: no answer, a clean exit status), {@code *.hostile-alloc}
 * allocates without bound, {@code *.hostile-hang} never returns (and ignores interruption). They
 * must only ever run in a parsing worker process: in the JVM of a test they would end or hold it.
 */
public class HostileTestParser implements Parser {

    static final MediaType EXIT = MediaType.application("x-review-test-hostile-exit");
    static final MediaType ALLOC = MediaType.application("x-review-test-hostile-alloc");
    static final MediaType HANG = MediaType.application("x-review-test-hostile-hang");

    /** Kept reachable so that the allocation cannot be collected. */
    private static final List<long[]> HOARD = new ArrayList<>();

    @Override
    public Set<MediaType> getSupportedTypes(ParseContext context) {
        return Set.of(EXIT, ALLOC, HANG);
    }

    @Override
    public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context) {
        String type = String.valueOf(metadata.get(Metadata.CONTENT_TYPE));
        if (type.startsWith(EXIT.toString())) {
            System.exit(0);
        } else if (type.startsWith(ALLOC.toString())) {
            while (true) {
                HOARD.add(new long[1 << 20]);
            }
        } else {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ignored) {
                    // a parser stuck in a loop does not look at interrupts either
                }
            }
        }
    }
}
