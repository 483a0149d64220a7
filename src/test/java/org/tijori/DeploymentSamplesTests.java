package org.tijori;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The samples in {@code deploy/} are read as a container runtime and Kubernetes would read them: every file is
 * well-formed YAML, every Kubernetes document says what it is, and every environment variable given to a Tijori
 * container binds, by Spring Boot's own rules, to a setting that Tijori or Spring Boot has. A misspelt name would
 * otherwise be ignored in silence, and a node would start with the default.
 */
class DeploymentSamplesTests {

    static final Path DEPLOY = Path.of("deploy");

    /** A meter's name and its base unit, which Prometheus's name takes too (tijori_storage_bytes_in_bytes_total). */
    static final Pattern METER = Pattern.compile(
            "(?:Counter|Gauge|Timer|DistributionSummary)\\.builder\\(\"(tijori\\.[a-z0-9.-]+)\"[^;]*?(?:\\.baseUnit\\(\"([a-z]+)\"\\)|;)");

    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(tijori\\.[a-z0-9.-]+)");

    @Test
    void everyKubernetesDocumentIsWellFormedAndSaysWhatItIs() throws IOException {
        List<Map<String, Object>> documents = kubernetesDocuments();

        assertThat(documents).extracting(document -> document.get("kind")).contains("Deployment", "Service",
                "PodDisruptionBudget", "HorizontalPodAutoscaler", "Secret", "ConfigMap");
        assertThat(documents).allSatisfy(document -> {
            assertThat(document).containsKeys("apiVersion", "kind", "metadata");
            assertThat(map(document, "metadata")).containsKey("name");
        });
    }

    @Test
    void theDeploymentProbesLimitsAndLocksDownItsContainer() throws IOException {
        Map<String, Object> container = tijoriContainer();

        assertThat(container).containsKeys("startupProbe", "livenessProbe", "readinessProbe");
        assertThat(map(map(container, "readinessProbe"), "httpGet")).containsEntry("path", "/actuator/health/readiness");
        assertThat(map(map(container, "livenessProbe"), "httpGet")).containsEntry("path", "/actuator/health/liveness");
        assertThat(map(map(container, "resources"), "limits")).containsKeys("cpu", "memory");
        assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
    }

    @Test
    void theComposeFileRunsTwoNodesBehindHaproxyWithTheirDependencies() throws IOException {
        Map<String, Object> services = map(compose(), "services");

        assertThat(services).containsKeys("tijori1", "tijori2", "haproxy", "postgres", "minio", "mailpit");
        for (String node : List.of("tijori1", "tijori2")) {
            assertThat(map(services, node)).containsEntry("read_only", true).containsKey("environment");
        }
    }

    @Test
    void everyEnvironmentVariableOfATijoriContainerIsASettingTijoriOrSpringBootHas() throws IOException {
        Map<String, String> variables = new TreeMap<>();
        variables.putAll(stringKeys(map(map(map(compose(), "services"), "tijori1"), "environment"), "compose.yaml"));
        for (Map<String, Object> document : kubernetesDocuments()) {
            if ("ConfigMap".equals(document.get("kind"))) {
                variables.putAll(stringKeys(map(document, "data"), "configmap.yaml"));
            }
            if ("Secret".equals(document.get("kind"))) {
                variables.putAll(stringKeys(map(document, "stringData"), "secret.yaml"));
            }
        }
        Set<String> known = knownProperties();

        Map<String, String> unknown = new TreeMap<>();
        variables.forEach((variable, file) -> {
            if (boundProperty(variable, known) == null) {
                unknown.put(variable, file);
            }
        });

        assertThat(variables).hasSizeGreaterThan(20);
        assertThat(unknown).as("variables that bind to no setting").isEmpty();
        // A guard against a check that accepts anything.
        assertThat(boundProperty("TIJORI_STORAGE_S3_ACCESS_KEY", known)).isEqualTo("tijori.storage.s3.access-key");
        assertThat(boundProperty("TIJORI_STORAGE_S3_ACCESS_KEYS", known)).isNull();
    }

    @Test
    void theAlertRulesAndTheDashboardUseOnlyMetersTijoriRegisters() throws IOException {
        Set<String> meters = new TreeSet<>();
        for (String source : mainSources()) {
            Matcher matcher = METER.matcher(source);
            while (matcher.find()) {
                String name = matcher.group(1).replace('.', '_').replace('-', '_');
                meters.add(matcher.group(2) == null ? name : name + "_" + matcher.group(2));
            }
        }
        String rules = Files.readString(DEPLOY.resolve("prometheus/tijori-rules.yml"));
        Map<String, Object> parsed = yaml().load(rules);
        assertThat(parsed).containsKey("groups");
        String dashboard = Files.readString(DEPLOY.resolve("grafana/tijori-dashboard.json"));
        assertThat(JsonMapper.builder().build().readTree(dashboard).path("panels").size()).isGreaterThan(5);

        Set<String> used = new TreeSet<>();
        Matcher names = Pattern.compile("\\btijori_[a-z0-9_]+").matcher(rules + dashboard);
        while (names.find()) {
            used.add(names.group());
        }
        assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(meters)
                .as("meter behind %s", name)
                .anySatisfy(meter -> assertThat(name).isIn(meter, meter + "_total")));
    }

    /** The property the variable binds to, by Spring Boot's rules for environment variables; null if none. */
    static String boundProperty(String variable, Set<String> known) {
        ConfigurationPropertySource source = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value")));
        for (String property : known) {
            ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
            ConfigurationProperty bound = source.getConfigurationProperty(name);
            if (bound != null || source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
                return property;
            }
        }
        return null;
    }

    /** Spring Boot's settings (its configuration metadata) and Tijori's (its properties records and placeholders). */
    static Set<String> knownProperties() throws IOException {
        Set<String> known = new TreeSet<>();
        JsonMapper json = JsonMapper.builder().build();
        for (Resource metadata : new PathMatchingResourcePatternResolver()
                .getResources("classpath*:META-INF/spring-configuration-metadata.json")) {
            try (InputStream in = metadata.getInputStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    if (ConfigurationPropertyName.isValid(name)) {
                        known.add(name);
                    }
                }
            }
        }
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        int tijoriClasses = 0;
        for (var candidate : scanner.findCandidateComponents("org.tijori")) {
            Class<?> type;
            try {
                type = Class.forName(candidate.getBeanClassName());
            }
            catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            walk(prefix, type, known);
            tijoriClasses++;
        }
        assertThat(tijoriClasses).as("Tijori's properties classes").isGreaterThan(10);
        for (String source : mainSources()) {
            Matcher matcher = PLACEHOLDER.matcher(source);
            while (matcher.find()) {
                known.add(matcher.group(1));
            }
        }
        assertThat(known).contains("tijori.base-url", "tijori.keys.keyset", "spring.datasource.url",
                "logging.structured.format.console");
        return known;
    }

    private static void walk(String prefix, Class<?> type, Set<String> known) {
        if (!type.isRecord()) {
            known.add(prefix);
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Class<?> nested = component.getType();
            if (nested.isRecord() && nested.getName().startsWith("org.tijori.")) {
                walk(name, nested, known);
            }
            else {
                known.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> sources = new ArrayList<>();
            for (Path file : files.filter(file -> file.toString().endsWith(".java")).toList()) {
                sources.add(Files.readString(file));
            }
            return sources;
        }
    }

    private static Map<String, Object> tijoriContainer() throws IOException {
        Map<String, Object> deployment = kubernetesDocuments().stream()
                .filter(document -> "Deployment".equals(document.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> containers = (List<Map<String, Object>>) pod.get("containers");
        return containers.get(0);
    }

    private static List<Map<String, Object>> kubernetesDocuments() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path file : files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                for (Object document : yaml().loadAll(Files.readString(file))) {
                    if (document != null) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> map = (Map<String, Object>) document;
                        documents.add(map);
                    }
                }
            }
        }
        assertThat(documents).hasSizeGreaterThanOrEqualTo(6);
        return documents;
    }

    private static Map<String, Object> compose() throws IOException {
        return yaml().load(Files.readString(DEPLOY.resolve("compose/compose.yaml")));
    }

    private static Map<String, String> stringKeys(Map<String, Object> map, String file) {
        Map<String, String> keys = new LinkedHashMap<>();
        map.keySet().forEach(key -> keys.put(key, file));
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        // compose.yaml shares the nodes' settings through an anchor and a merge key.
        options.setMaxAliasesForCollections(10);
        return new Yaml(new SafeConstructor(options));
    }
}
