package cn.disclosure.review.web;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Readiness follows the free space of the volumes the service writes to: the data directory
 * ({@code review.data-dir} / {@code REVIEW_DATA_DIR}, which holds the embedded PostgreSQL's data
 * in {@code pg/}), the upload directory, and any directory in {@code review.health.disk.paths}
 * (e.g. an external PostgreSQL's data directory mounted on this host). A volume with less than
 * {@code review.health.disk.min-free} bytes or {@code review.health.disk.min-free-percent} percent
 * free makes the service not ready. The answer names volumes by role, never by path.
 */
@Readiness
@ApplicationScoped
public class DataVolumeHealthCheck implements HealthCheck {

    @ConfigProperty(name = "review.data-dir", defaultValue = "data")
    String dataDir;
    @ConfigProperty(name = "quarkus.http.body.uploads-directory", defaultValue = "uploads")
    String uploadsDir;
    @ConfigProperty(name = "review.health.disk.paths")
    Optional<List<String>> extraPaths;
    @ConfigProperty(name = "review.health.disk.min-free", defaultValue = "512M")
    MemorySize minFree;
    @ConfigProperty(name = "review.health.disk.min-free-percent", defaultValue = "2")
    double minFreePercent;

    /** One volume's figures. */
    record Volume(String role, long usable, long total) {
    }

    @Override
    public HealthCheckResponse call() {
        List<Volume> volumes = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("data", dataDir);
        roles.put("database", Path.of(dataDir).resolve("pg").toString());
        roles.put("uploads", uploadsDir);
        extraPaths.ifPresent(paths -> {
            for (int i = 0; i < paths.size(); i++) {
                roles.put("extra-" + (i + 1), paths.get(i));
            }
        });
        for (Map.Entry<String, String> e : roles.entrySet()) {
            try {
                FileStore store = Files.getFileStore(existing(Path.of(e.getValue()).toAbsolutePath()));
                volumes.add(new Volume(e.getKey(), store.getUsableSpace(), store.getTotalSpace()));
            } catch (IOException | RuntimeException ex) {
                unreadable.add(e.getKey());
            }
        }
        HealthCheckResponseBuilder b = HealthCheckResponse.named("data-volume-free-space");
        boolean up = unreadable.isEmpty();
        for (Volume v : volumes) {
            boolean ok = enough(v.usable(), v.total(), minFree.asLongValue(), minFreePercent);
            up &= ok;
            b.withData(v.role() + ".freeMB", v.usable() / (1024 * 1024));
            if (!ok) {
                b.withData(v.role(), "空间不足");
            }
        }
        unreadable.forEach(role -> b.withData(role, "无法读取磁盘空间"));
        b.withData("minFreeMB", minFree.asLongValue() / (1024 * 1024)).withData("minFreePercent", Double.toString(minFreePercent));
        return b.status(up).build();
    }

    /** Whether a volume with {@code usable} of {@code total} bytes free is above both thresholds. */
    static boolean enough(long usable, long total, long minFreeBytes, double minFreePercent) {
        if (usable < minFreeBytes) {
            return false;
        }
        return total <= 0 || usable * 100.0 / total >= minFreePercent;
    }

    /** The path itself, or its nearest existing parent (the directory may not have been created yet). */
    private static Path existing(Path p) throws IOException {
        Path q = p;
        while (q != null && !Files.exists(q)) {
            q = q.getParent();
        }
        if (q == null) {
            throw new IOException("no existing parent");
        }
        return q;
    }
}
