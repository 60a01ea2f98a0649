package cn.disclosure.review.lexicon;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness is DOWN while the starting lexicons load in the background, and when they could not be loaded. */
@Readiness
@ApplicationScoped
public class LexiconReadiness implements HealthCheck {

    @Inject
    LexiconRegistry registry;

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("lexicons");
        if (registry.startFailed()) {
            return b.down().withData("lexicons", "加载失败").build();
        }
        if (registry.holding()) {
            return b.down().withData("lexicons", "加载中").build();
        }
        return b.up().build();
    }
}
