package cn.disclosure.review.extract;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Extractors for plain JUnit tests: the real configuration mapping with its defaults, plus overrides. */
final class Extractors {

    private Extractors() {
    }

    static ExtractConfig config(String... keyValues) {
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.put("review.extract." + keyValues[i], keyValues[i + 1]);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ExtractConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(overrides, "test", 500))
                .build();
        return config.getConfigMapping(ExtractConfig.class);
    }

    /** An extractor with the defaults changed by {@code key, value, key, value…} (keys without the prefix). */
    static TikaContentExtractor create(String... keyValues) {
        return new TikaContentExtractor(config(keyValues));
    }
}
