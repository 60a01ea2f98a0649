package cn.disclosure.review.extract;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The bytes one submission may unpack, all embedded files and package parts together. Reading
 * through it bounds memory and stops zip bombs: a stream that unpacks more than its share is cut
 * off with a {@code zip-bomb} (or {@code too-large}) problem.
 */
final class ExpansionBudget {

    private final long maxTotal;
    private long used;

    ExpansionBudget(long maxTotal) {
        this.maxTotal = maxTotal;
    }

    /**
     * Reads {@code in} to its end. More than {@code bombLimit} bytes is a zip bomb, more than
     * {@code sizeLimit} bytes too large (when not a bomb), more than the budget left a zip bomb.
     */
    synchronized byte[] readAll(InputStream in, String part, long sizeLimit, long bombLimit) throws IOException, LimitReachedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            used += n;
            if (total > bombLimit || used > maxTotal) {
                throw new LimitReachedException(Problems.zipBomb(part));
            }
            if (total > sizeLimit) {
                throw new LimitReachedException(Problems.tooLarge(part, sizeLimit));
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** The wanted entries of a zip package (names without a leading slash), each read through the budget. */
    Map<String, byte[]> unzip(byte[] zip, String part, long sizeLimit, long bombLimit, Predicate<String> wanted)
            throws IOException, LimitReachedException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName().replaceAll("^/+", "");
                if (!entry.isDirectory() && wanted.test(name)) {
                    entries.put(name, readAll(in, part, sizeLimit, bombLimit));
                }
            }
        }
        return entries;
    }
}
