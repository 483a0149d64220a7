package org.tijori;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModuleIdentifier;
import org.springframework.modulith.core.ApplicationModuleIdentifiers;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

    static final ApplicationModules modules = ApplicationModules.of(TijoriApplication.class);

    static final Path DOCUMENTATION = Path.of("docs", "modules");

    @Test
    void modulesOnlyDependOnWhatTheyDeclare() {
        modules.verify();
    }

    @Test
    void migratesTheModulesInTheOrderModulithComputes() {
        assertThat(ModuleMigrations.ORDER).isEqualTo(ApplicationModuleIdentifiers.of(modules).stream()
                .map(ApplicationModuleIdentifier::toString).toList());
    }

    /**
     * Writes the module documentation into {@code docs/modules}. Spring Modulith lists components,
     * relations and events in an order that changes from run to run; each such list is sorted, so
     * that the files change only when the modules do.
     */
    @Test
    void writesModuleDocumentation() throws IOException {
        Path generated = Files.createTempDirectory(Path.of("target"), "module-docs");
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        Files.createDirectories(DOCUMENTATION);
        try (Stream<Path> files = Files.list(generated)) {
            for (Path file : files.toList()) {
                String text = stableOrder(Files.readString(file, StandardCharsets.UTF_8));
                Path target = DOCUMENTATION.resolve(file.getFileName().toString());
                if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
                    Files.writeString(target, text, StandardCharsets.UTF_8);
                }
            }
        }
    }

    @Test
    void sortsEachListButKeepsItsPlace() {
        assertThat(stableOrder("a\nRel(b)\nRel(a)\nx\n  Component(z)\n  Component(y)\n|* `b` \n* `a` \n|===\n"))
                .isEqualTo("a\nRel(a)\nRel(b)\nx\n  Component(y)\n  Component(z)\n|* `a` \n* `b` \n|===\n");
    }

    /** Sorts each run of consecutive lines that are items of one list (PlantUML or AsciiDoc). */
    static String stableOrder(String text) {
        List<String> lines = List.of(text.split("\n", -1));
        var out = new ArrayList<String>(lines.size());
        int i = 0;
        while (i < lines.size()) {
            String kind = listKind(lines.get(i));
            if (kind == null) {
                out.add(lines.get(i++));
                continue;
            }
            boolean cellStart = lines.get(i).startsWith("|* ");
            var run = new ArrayList<String>();
            run.add(cellStart ? lines.get(i).substring(1) : lines.get(i));
            i++;
            while (i < lines.size() && kind.equals(listKind(lines.get(i))) && !lines.get(i).startsWith("|")) {
                run.add(lines.get(i++));
            }
            run.sort(null);
            if (cellStart) {
                run.set(0, "|" + run.get(0));
            }
            out.addAll(run);
        }
        return String.join("\n", out);
    }

    private static String listKind(String line) {
        String stripped = line.strip();
        if (stripped.startsWith("Rel(") || stripped.startsWith("Component(")) {
            return line.substring(0, line.indexOf('('));
        }
        if (line.startsWith("* `") || line.startsWith("|* `")) {
            return "* `";
        }
        return null;
    }
}
