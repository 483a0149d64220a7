package org.tijori;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives every Spring test context its own fresh {@code tijori.data-dir}, and so its own embedded
 * PostgreSQL, unless the test sets one itself. Registered in {@code META-INF/spring.factories}.
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

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            var environment = context.getEnvironment();
            var sources = environment.getPropertySources();
            var temporary = new MapPropertySource("temporaryStateDirectory",
                    Map.of("tijori.data-dir", create().toString()));
            // Above the application's own configuration files, below whatever the test sets.
            sources.stream()
                    .filter(source -> source.getName().startsWith("Config resource"))
                    .findFirst()
                    .ifPresentOrElse(file -> sources.addBefore(file.getName(), temporary),
                            () -> sources.addFirst(temporary));
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
