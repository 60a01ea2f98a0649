package cn.disclosure.review.extract;

import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.xml.sax.ContentHandler;

/**
 * A parser that hangs, for the tests of the timeout and of the bounded concurrency: it is
 * registered (test classpath only) for files named {@code *.hang} and waits until the latch of its
 * file name is released or it is interrupted, like a parse stuck on a hostile file. Latches and
 * counters are kept per file name, so tests that use their own names do not share state.
 */
public class HangingTestParser implements Parser {

    static final MediaType TYPE = MediaType.application("x-review-test-hang");
    private static final Map<String, CountDownLatch> RELEASES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();

    /** The latch that lets parses of files named {@code name} end. */
    static CountDownLatch release(String name) {
        return RELEASES.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    /** How many parses of files named {@code name} are hanging now. */
    static int running(String name) {
        return RUNNING.computeIfAbsent(name, n -> new AtomicInteger()).get();
    }

    @Override
    public Set<MediaType> getSupportedTypes(ParseContext context) {
        return Set.of(TYPE);
    }

    @Override
    public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context) throws TikaException {
        String name = String.valueOf(metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY));
        AtomicInteger running = RUNNING.computeIfAbsent(name, n -> new AtomicInteger());
        running.incrementAndGet();
        try {
            release(name).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TikaException("interrupted");
        } finally {
            running.decrementAndGet();
        }
    }
}
