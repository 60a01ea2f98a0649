package cn.disclosure.review.web;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.common.util.CaseInsensitiveMap;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Compiles the upload path before the first large upload arrives. Quarkus REST parses a multipart
 * body byte by byte; until the JIT has compiled that loop, the first 9 MB scan after a start spent
 * about 450 ms in the interpreter (40–60 ms once compiled). Right after start-up, a background
 * thread at the lowest priority parses a synthetic multipart body a few times with the same parser
 * and hashes it, so an office's first scanned 红头文件 of the day is answered as fast as the hundredth.
 * Nothing is sent, stored or logged; readiness does not wait for it.
 */
@ApplicationScoped
public class UploadParserWarmup {
    private static final Logger LOG = Logger.getLogger(UploadParserWarmup.class);
    private static final byte[] BOUNDARY = "----review-warmup-boundary".getBytes(StandardCharsets.US_ASCII);

    @ConfigProperty(name = "review.intake.warmup.enabled", defaultValue = "true")
    boolean enabled;

    void onStart(@Observes StartupEvent ev) {
        if (!enabled) {
            return;
        }
        Thread t = new Thread(UploadParserWarmup::warm, "upload-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Parses a 4 MB body of random bytes several times; returns the bytes seen in the last round. */
    static long warm() {
        try {
            byte[] body = body(4 * 1024 * 1024);
            long seen = 0;
            for (int round = 0; round < 6; round++) {
                seen = parse(body);
                MessageDigest.getInstance("SHA-256").digest(body);
            }
            return seen;
        } catch (RuntimeException | java.io.IOException | NoSuchAlgorithmException e) {
            // only speed is at stake: the real parser runs the same code, compiled later
            LOG.debugf("上传解析预热未完成：%s", e.getClass().getName());
            return -1;
        }
    }

    static long parse(byte[] body) throws java.io.IOException {
        long[] seen = {0};
        MultipartParser.PartHandler handler = new MultipartParser.PartHandler() {
            @Override
            public void beginPart(CaseInsensitiveMap<String> headers) {
            }

            @Override
            public void data(ByteBuffer buffer) {
                seen[0] += buffer.remaining();
            }

            @Override
            public void endPart() {
            }
        };
        MultipartParser.ParseState state = MultipartParser.beginParse(handler, BOUNDARY, StandardCharsets.UTF_8.name());
        for (int off = 0; off < body.length; off += 8192) {
            state.parse(ByteBuffer.wrap(body, off, Math.min(8192, body.length - off)));
        }
        return state.isComplete() ? seen[0] : -1;
    }

    static byte[] body(int size) {
        byte[] data = new byte[size];
        new SplittableRandom(20261202L).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 512);
        String b = new String(BOUNDARY, StandardCharsets.US_ASCII);
        out.writeBytes(("--" + b + "\r\nContent-Disposition: form-data; name=\"draft\"\r\nContent-Type: application/json\r\n\r\n{}\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"warmup.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes(("\r\n--" + b + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
