package cn.disclosure.review.extract;

import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.xml.sax.ContentHandler;

/**
 * A parser that hangs, for the tests of the timeout and of the bounded concurrency: it is
 * registered (test classpath only) for files named {@code *.hang} and waits until released or
 * interrupted, like a parse stuck on a hostile file.
 */
public class HangingTestParser implements Parser {

    static final MediaType TYPE = MediaType.application("x-review-test-hang");
    static final AtomicInteger RUNNING = new AtomicInteger();
    static volatile CountDownLatch release = new CountDownLatch(1);

    @Override
    public Set<MediaType> getSupportedTypes(ParseContext context) {
        return Set.of(TYPE);
    }

    @Override
    public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context) throws TikaException {
        RUNNING.incrementAndGet();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TikaException("interrupted");
        } finally {
            RUNNING.decrementAndGet();
        }
    }
}
