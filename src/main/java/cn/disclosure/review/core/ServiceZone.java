package cn.disclosure.review.core;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.ZoneId;

/**
 * The office's time zone ({@code review.zone}, default Asia/Shanghai): dates given without an
 * offset (planned time, register filters) are read in it, and times are shown in it.
 */
@ApplicationScoped
public class ServiceZone {
    @ConfigProperty(name = "review.zone", defaultValue = "Asia/Shanghai")
    ZoneId zone;

    public ZoneId zone() {
        return zone;
    }
}
