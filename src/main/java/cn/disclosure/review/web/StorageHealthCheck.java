package cn.disclosure.review.web;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Readiness is DOWN while writes fail for lack of space ({@link StorageFull}): from the first such
 * failure until {@link StorageFull#RETRY_AFTER_SECONDS} have passed without another. This covers a
 * full disk the service cannot look at itself (an external PostgreSQL's); the local volumes are
 * watched before they fill up by {@link DataVolumeHealthCheck}.
 */
@Readiness
@ApplicationScoped
public class StorageHealthCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        // nothing signals a recovery of the disk: DOWN until the window has passed without a failure
        return StorageFull.INCIDENT.readiness("storage-writes", Duration.ofSeconds(StorageFull.RETRY_AFTER_SECONDS), "storage",
                "写入因存储空间不足而失败");
    }
}
