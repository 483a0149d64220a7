package org.tijori;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/security/asvs-l2.md} honest: every test it cites exists and is a test, every ASVS 5.0
 * requirement of Level 1 and Level 2 has exactly one row with a known status, and the summary and the lists
 * of gaps say what the rows say.
 */
class AsvsMapTests {

    static final Path TEST_CLASSES = testClasses();

    static final Path PROJECT = TEST_CLASSES.getParent().getParent();

    static final Path MAP = PROJECT.resolve("docs/security/asvs-l2.md");

    static final Map<String, List<String>> TEST_CLASS_NAMES = testClassNames();

    static final String REQUIREMENTS = "/asvs/asvs-5.0-l1-l2-ids.txt";

    static final Pattern ROW = Pattern.compile("^\\| (V\\d+\\.\\d+\\.\\d+) \\| ([^|]*) \\| ([^|]*) \\| ([^|]*) \\| (.*) \\|$");

    static final Pattern ANY_ROW = Pattern.compile("^\\|\\s*V\\d+\\.\\d+.*");

    static final Pattern STATUS = Pattern.compile(
            "met|met \\(documented\\)|met, untested|n/a|gap|gap \\(being fixed in issue 13: [^()]+\\)");

    static final Pattern CITATION = Pattern.compile("`([A-Za-z_][A-Za-z0-9_.]*)#([A-Za-z_][A-Za-z0-9_]*)`");

    static final Pattern DOCUMENT = Pattern.compile("`([A-Za-z0-9_./-]+\\.md)`");

    static final Pattern BULLET = Pattern.compile("^- \\*\\*(V\\d+\\.\\d+\\.\\d+)\\*\\*.*");

    static final Pattern SUMMARY = Pattern.compile("^\\| (V\\d+ [^|]+|Total) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|$");

    static final List<Class<? extends java.lang.annotation.Annotation>> TEST_ANNOTATIONS = List.of(Test.class,
            ParameterizedTest.class, RepeatedTest.class);

    final AsvsMap map = AsvsMap.read(MAP);

    @Test
    void everyCitedTestMethodExistsAndIsATest() {
        List<String> broken = new ArrayList<>();
        for (Row row : map.rows()) {
            Matcher citation = CITATION.matcher(row.evidence());
            while (citation.find()) {
                problemWith(citation.group(1), citation.group(2))
                        .ifPresent(problem -> broken.add(row.id() + " cites " + citation.group() + ": " + problem));
            }
        }

        assertThat(broken).as("broken citations in %s", MAP).isEmpty();
    }

    @Test
    void everyLevelOneAndTwoRequirementHasExactlyOneRowInItsChapter() {
        Map<String, String> levels = requirements();
        Map<String, Long> rowsPerId = map.rows().stream()
                .collect(Collectors.groupingBy(Row::id, LinkedHashMap::new, Collectors.counting()));

        assertThat(levels.keySet()).as("requirements without a row")
                .filteredOn(id -> !rowsPerId.containsKey(id)).isEmpty();
        assertThat(rowsPerId.keySet()).as("rows for no Level 1 or 2 requirement")
                .filteredOn(id -> !levels.containsKey(id)).isEmpty();
        assertThat(rowsPerId.entrySet()).as("requirements with more than one row")
                .filteredOn(rows -> rows.getValue() > 1).isEmpty();
        assertThat(map.rows()).as("rows with a wrong level or under another chapter").allSatisfy(row -> {
            assertThat(row.level()).as(row.id()).isEqualTo(levels.get(row.id()));
            assertThat(row.chapter()).as(row.id()).isEqualTo(chapterOf(row.id()));
        });
        assertThat(map.malformed()).as("lines that look like rows but do not parse").isEmpty();
    }

    @Test
    void everyRowHasAKnownStatusAndTheEvidenceItNeeds() {
        assertThat(map.rows()).allSatisfy(row -> {
            assertThat(row.status()).as(row.id()).matches(STATUS);
            assertThat(row.evidence()).as(row.id()).isNotBlank();
        });
        assertThat(map.rows()).filteredOn(row -> row.status().equals("met"))
                .as("met rows cite the tests that prove them")
                .allSatisfy(row -> assertThat(row.evidence()).as(row.id()).containsPattern(CITATION));
        assertThat(map.rows()).filteredOn(row -> row.status().equals("met (documented)"))
                .as("documented rows name their document")
                .allSatisfy(row -> assertThat(row.evidence()).as(row.id())
                        .containsPattern("`[^`]+\\.md`|DESIGN\\.md|API\\.md"));
        assertThat(map.rows()).allSatisfy(row -> {
            Matcher document = DOCUMENT.matcher(row.evidence());
            while (document.find()) {
                assertThat(PROJECT.resolve(document.group(1))).as("%s names %s", row.id(), document.group())
                        .isRegularFile();
            }
        });
    }

    @Test
    void theSummaryAndTheListsOfGapsAgreeWithTheRows() {
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        int[] total = new int[6];
        for (Row row : map.rows()) {
            List<Integer> counts = expected.computeIfAbsent(chapterOf(row.id()), chapter -> zeros());
            int[] kinds = { row.isMet() ? 1 : 0, row.isNotApplicable() ? 1 : 0, row.isGap() ? 1 : 0,
                    row.isUntested() ? 1 : 0, row.isBeingFixed() ? 1 : 0, 1 };
            for (int i = 0; i < kinds.length; i++) {
                counts.set(i, counts.get(i) + kinds[i]);
                total[i] += kinds[i];
            }
        }
        expected.put("Total", Stream.of(total[0], total[1], total[2], total[3], total[4], total[5]).toList());

        assertThat(map.summary()).as("the summary table (met, n/a, gap, met untested, being fixed, total)")
                .containsExactlyEntriesOf(expected);
        assertThat(map.bullets("Gaps", "Open")).as("the open gaps listed")
                .isEqualTo(ids(row -> row.isGap() && !row.isUntested() && !row.isBeingFixed()));
        assertThat(map.bullets("Gaps", "Being fixed in issue 13")).as("the gaps being fixed listed")
                .isEqualTo(ids(Row::isBeingFixed));
        assertThat(map.bullets("Gaps", "Met, untested")).as("the gaps in evidence listed")
                .isEqualTo(ids(Row::isUntested));
        assertThat(map.bullets("Rows to update after issue 13's fixes land", "Marked \"being fixed\""))
                .as("the rows to update after issue 13").isEqualTo(ids(Row::isBeingFixed));
    }

    /** What is wrong with a citation of a test method, if anything. */
    static Optional<String> problemWith(String className, String methodName) {
        Class<?> type;
        try {
            type = Class.forName(qualified(className), false, AsvsMapTests.class.getClassLoader());
        }
        catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        catch (ClassNotFoundException | LinkageError e) {
            return Optional.of("class " + className + " cannot be loaded: " + e);
        }
        for (Class<?> declaring = type; declaring != null; declaring = declaring.getSuperclass()) {
            for (Method method : declaring.getDeclaredMethods()) {
                if (method.getName().equals(methodName)
                        && TEST_ANNOTATIONS.stream().anyMatch(method::isAnnotationPresent)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of("no method " + methodName + " annotated @Test, @ParameterizedTest or @RepeatedTest in "
                + type.getName() + " or its superclasses");
    }

    /** A qualified name as it is, or the one test class of that simple name under target/test-classes. */
    static String qualified(String className) {
        if (className.contains(".")) {
            return className;
        }
        List<String> found = TEST_CLASS_NAMES.getOrDefault(className, List.of());
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no test class " + className + " under " + TEST_CLASSES);
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("the simple name " + className + " is not unique (" + found
                    + "); cite the qualified name");
        }
        return found.get(0);
    }

    /** The qualified names of the top-level classes under target/test-classes, by simple name. */
    static Map<String, List<String>> testClassNames() {
        try (Stream<Path> files = Files.walk(TEST_CLASSES)) {
            return files.map(file -> TEST_CLASSES.relativize(file).toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> name.substring(0, name.length() - ".class".length())
                            .replace(TEST_CLASSES.getFileSystem().getSeparator(), "."))
                    .sorted()
                    .collect(Collectors.groupingBy(name -> name.substring(name.lastIndexOf('.') + 1)));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> requirements() {
        Map<String, String> levels = new LinkedHashMap<>();
        try (var in = AsvsMapTests.class.getResourceAsStream(REQUIREMENTS)) {
            assertThat(in).as(REQUIREMENTS).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] idAndLevel = line.strip().split(" ");
                    levels.put(idAndLevel[0], idAndLevel[1]);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(levels).as("ASVS 5.0 has 253 requirements at Level 1 or 2").hasSize(253);
        return levels;
    }

    static String chapterOf(String id) {
        return id.substring(0, id.indexOf('.'));
    }

    Set<String> ids(Predicate<Row> which) {
        return map.rows().stream().filter(which).map(Row::id).collect(Collectors.toCollection(TreeSet::new));
    }

    static List<Integer> zeros() {
        return new ArrayList<>(List.of(0, 0, 0, 0, 0, 0));
    }

    static Path testClasses() {
        try {
            return Path.of(AsvsMapTests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One row of the map.
     *
     * @param chapter the chapter heading it appears under, e.g. {@code V3}
     */
    record Row(String chapter, String id, String level, String status, String evidence) {

        boolean isMet() {
            return status.equals("met") || status.equals("met (documented)");
        }

        boolean isNotApplicable() {
            return status.equals("n/a");
        }

        boolean isUntested() {
            return status.equals("met, untested");
        }

        boolean isBeingFixed() {
            return status.startsWith("gap (being fixed");
        }

        boolean isGap() {
            return isUntested() || status.startsWith("gap");
        }
    }

    /**
     * The parts of the map this test checks: its rows, the summary table, and the IDs in bold at the start of
     * each bullet, by section and subsection.
     */
    record AsvsMap(List<Row> rows, List<String> malformed, Map<String, List<Integer>> summary,
            Map<String, Set<String>> bulletsBySection) {

        static AsvsMap read(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            List<Row> rows = new ArrayList<>();
            List<String> malformed = new ArrayList<>();
            Map<String, List<Integer>> summary = new LinkedHashMap<>();
            Map<String, Set<String>> bullets = new LinkedHashMap<>();
            String section = "";
            String subsection = "";
            for (String line : lines) {
                if (line.startsWith("## ")) {
                    section = line.substring(3).strip();
                    subsection = "";
                }
                else if (line.startsWith("### ")) {
                    subsection = line.substring(4).strip();
                }
                Matcher row = ROW.matcher(line);
                Matcher total = SUMMARY.matcher(line);
                Matcher bullet = BULLET.matcher(line);
                if (row.matches()) {
                    String chapter = section.contains(" ") ? section.substring(0, section.indexOf(' ')) : section;
                    rows.add(new Row(chapter, row.group(1), row.group(2).strip(), row.group(4).strip(),
                            row.group(5).strip()));
                }
                else if (ANY_ROW.matcher(line).matches()) {
                    malformed.add(line);
                }
                else if (section.equals("Summary") && total.matches()) {
                    String chapter = total.group(1).equals("Total") ? "Total"
                            : total.group(1).substring(0, total.group(1).indexOf(' '));
                    summary.put(chapter, Stream.of(2, 3, 4, 5, 6, 7).map(group -> Integer.valueOf(total.group(group)))
                            .toList());
                }
                else if (bullet.matches()) {
                    bullets.computeIfAbsent(section + " / " + subsection, key -> new LinkedHashSet<>())
                            .add(bullet.group(1));
                }
            }
            return new AsvsMap(rows, malformed, summary, bullets);
        }

        Set<String> bullets(String section, String subsection) {
            return new TreeSet<>(bulletsBySection.getOrDefault(section + " / " + subsection, Set.of()));
        }
    }
}
