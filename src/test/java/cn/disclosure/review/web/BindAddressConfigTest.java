package cn.disclosure.review.web;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where each profile listens, as application.properties says, resolved by SmallRye Config the way Quarkus does. */
class BindAddressConfigTest {

    private static String host(String profile, Map<String, String> env) throws IOException {
        URL properties = BindAddressConfigTest.class.getClassLoader().getResource("application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile(profile)
                .withSources(new PropertiesConfigSource(properties, 250), new EnvConfigSource(env, 300))
                .build();
        return config.getValue("quarkus.http.host", String.class);
    }

    @Test
    void demoAndDevListenOnLoopbackUnlessToldOtherwise() throws IOException {
        assertThat(host("demo", Map.of())).isEqualTo("127.0.0.1");
        assertThat(host("dev", Map.of())).isEqualTo("127.0.0.1");
        assertThat(host("demo", Map.of("REVIEW_HTTP_HOST", "0.0.0.0"))).isEqualTo("0.0.0.0");
        assertThat(host("demo", Map.of("QUARKUS_HTTP_HOST", "10.1.2.3"))).isEqualTo("10.1.2.3");
    }

    @Test
    void prodKeepsItsConfiguredHost() throws IOException {
        assertThat(host("prod", Map.of())).isEqualTo("0.0.0.0");
        assertThat(host("prod", Map.of("QUARKUS_HTTP_HOST", "10.1.2.3"))).isEqualTo("10.1.2.3");
        assertThat(host("prod", Map.of("REVIEW_HTTP_HOST", "127.0.0.1"))).as("REVIEW_HTTP_HOST is for demo runs").isEqualTo("0.0.0.0");
    }
}
