package org.tijori;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives every Spring test context its own fresh {@code tijori.data-dir} (for blobs and keys) and its own
 * database on the test run's one PostgreSQL server ({@link SharedTestPostgres}), handed over as
 * {@code spring.datasource.url}, so that the context starts no embedded server of its own. A test that
 * sets {@code tijori.data-dir} or {@code spring.datasource.url} itself keeps what it set, and then also
 * the embedded server that comes with a data directory of its own. It must set them in its properties
 * ({@code @SpringBootTest(properties = ...)}, {@code @TestPropertySource}): Spring applies
 * {@code @DynamicPropertySource} after this customizer, too late for it to see them. Registered in
 * {@code META-INF/spring.factories}.
 */
class TemporaryStateDirectory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    static Path create() {
        try {
            Path base = Path.of("target", "test-state").toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "context-");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Customizer implements ContextCustomizer {

        private static final String NAME = "temporaryStateDirectory";

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            var environment = context.getEnvironment();
            var sources = environment.getPropertySources();
            Map<String, Object> properties = new HashMap<>();
            properties.put("tijori.data-dir", create().toString());
            if (!setByTheTest(environment, config)) {
                properties.put("spring.datasource.url", SharedTestPostgres.newDatabaseUrl());
                properties.put("spring.datasource.username", SharedTestPostgres.USER);
                properties.put("spring.datasource.password", "");
                // Many contexts stay cached at once, each with a pool on the one server: keep idle pools small.
                properties.put("spring.datasource.hikari.minimum-idle", "2");
            }
            var temporary = new MapPropertySource(NAME, properties);
            // Above the application's own configuration files, below whatever the test sets.
            sources.stream()
                    .filter(source -> source.getName().startsWith("Config resource"))
                    .findFirst()
                    .ifPresentOrElse(file -> sources.addBefore(file.getName(), temporary),
                            () -> sources.addFirst(temporary));
        }

        /**
         * Whether the test chose its own state or database, in its properties or in any source that ranks
         * above the application's configuration files (whose {@code tijori.data-dir=./data} does not count).
         */
        private static boolean setByTheTest(ConfigurableEnvironment environment, MergedContextConfiguration config) {
            for (String property : config.getPropertySourceProperties()) {
                if (property.startsWith("tijori.data-dir") || property.startsWith("spring.datasource.url")) {
                    return true;
                }
            }
            for (PropertySource<?> source : environment.getPropertySources()) {
                if (source.getName().startsWith("Config resource")) {
                    return false;
                }
                // Spring Boot's "configurationProperties" source is a view of all the others, files included.
                if (!source.getName().equals(NAME) && !source.getName().equals("configurationProperties")
                        && (source.containsProperty("tijori.data-dir")
                        || source.containsProperty("spring.datasource.url"))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
