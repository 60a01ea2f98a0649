package cn.disclosure.review.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * Whether Tesseract can OCR with the configured languages, checked once: the binary must answer
 * {@code tesseract --list-langs} and list every language of {@code chi_sim+eng}.
 */
final class OcrSupport {

    private static final Logger LOG = Logger.getLogger(OcrSupport.class);

    private final boolean available;
    private final String reason;

    private OcrSupport(boolean available, String reason) {
        this.available = available;
        this.reason = reason;
    }

    static OcrSupport probe(ExtractConfig.Ocr config) {
        if (!config.enabled()) {
            return log(new OcrSupport(false, "disabled by review.extract.ocr.enabled=false"));
        }
        List<String> wanted = Arrays.stream(config.language().split("\\+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        Set<String> installed = new HashSet<>();
        try {
            Process process = new ProcessBuilder("tesseract", "--list-langs").redirectErrorStream(true).start();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readNBytes(1 << 16);
            }
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return log(new OcrSupport(false, "tesseract --list-langs did not answer"));
            }
            for (String line : new String(output, StandardCharsets.UTF_8).split("\\R")) {
                installed.add(line.strip());
            }
        } catch (IOException e) {
            return log(new OcrSupport(false, "tesseract not found on PATH"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return log(new OcrSupport(false, "interrupted while checking tesseract"));
        }
        List<String> missing = wanted.stream().filter(l -> !installed.contains(l)).toList();
        if (wanted.isEmpty() || !missing.isEmpty()) {
            return log(new OcrSupport(false, "tesseract lacks language data " + missing));
        }
        return log(new OcrSupport(true, "tesseract with " + wanted));
    }

    private static OcrSupport log(OcrSupport support) {
        if (support.available) {
            LOG.infof("OCR available: %s", support.reason);
        } else {
            LOG.warnf("OCR unavailable (%s): images and scanned pages will be reported as unreadable", support.reason);
        }
        return support;
    }

    boolean available() {
        return available;
    }

    String reason() {
        return reason;
    }
}
