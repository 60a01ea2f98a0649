package cn.disclosure.review.boot;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Says where the service listens, in words an operator can paste into a browser. */
@ApplicationScoped
public class StartupBanner {
    private static final Logger LOG = Logger.getLogger(StartupBanner.class);

    @ConfigProperty(name = "quarkus.http.port")
    int port;

    void onStart(@Observes StartupEvent ev) {
        String base = "http://localhost:" + port;
        LOG.infof("信息公开保密审查服务已启动：%s/ （界面）  %s/q/swagger-ui （API 文档）  %s/q/health （健康检查）",
                base, base, base);
    }
}
