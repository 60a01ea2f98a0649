package cn.disclosure.review.web;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.TimeUnit;

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
        boolean full = StorageFull.INCIDENT.reportedWithin(TimeUnit.SECONDS.toNanos(StorageFull.RETRY_AFTER_SECONDS));
        var b = HealthCheckResponse.named("storage-writes").status(!full);
        if (full) {
            b.withData("storage", "写入因存储空间不足而失败");
        }
        return b.build();
    }
}
