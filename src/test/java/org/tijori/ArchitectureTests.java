package org.tijori;

import java.util.List;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The naming and layering rules of STYLE.md that the module check does not cover.
 */
class ArchitectureTests {

    static final Set<String> BANNED_WORDS = Set.of("Manager", "Util", "Utils", "Helper", "Impl", "Data", "Info",
            "Common");

    static final JavaClasses production = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.tijori");

    /** Whether a type's simple name contains a banned word as one of its camel-case words. */
    static boolean hasBannedWord(String simpleName) {
        return List.of(simpleName.split("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")).stream()
                .anyMatch(BANNED_WORDS::contains);
    }

    static final DescribedPredicate<JavaClass> BANNED_NAME = DescribedPredicate.describe(
            "a name containing " + BANNED_WORDS, type -> !type.getSimpleName().isEmpty()
                    && hasBannedWord(type.getSimpleName()));

    @Test
    void bannedWordsAreRecognisedAsWholeWords() {
        assertThat(hasBannedWord("DocumentManager")).isTrue();
        assertThat(hasBannedWord("StringUtils")).isTrue();
        assertThat(hasBannedWord("UserData")).isTrue();
        assertThat(hasBannedWord("DataSourceImpl")).isTrue();
        assertThat(hasBannedWord("XMLHelper")).isTrue();
        assertThat(hasBannedWord("Information")).isFalse();
        assertThat(hasBannedWord("StateDirectory")).isFalse();
        assertThat(hasBannedWord("Metadata")).isFalse();
    }

    @Test
    void typeNamesAvoidTheBannedWords() {
        noClasses().should(ArchConditions.have(BANNED_NAME))
                .because("STYLE.md bans these words in type names")
                .check(production);
    }

    @Test
    void controllersAreNamedForWhatTheyServe() {
        classes().that().areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                .should().haveSimpleNameEndingWith("ApiController")
                .check(production);
        classes().that().areAnnotatedWith(org.springframework.stereotype.Controller.class)
                .should().haveSimpleNameEndingWith("Controller")
                .check(production);
    }

    @Test
    void domainCodeDoesNotUseFieldInjectionOrLombok() {
        noClasses().should().dependOnClassesThat().resideInAPackage("lombok..").check(production);
        noClasses().should().dependOnClassesThat()
                .haveFullyQualifiedName("org.springframework.beans.factory.annotation.Value")
                .because("configuration comes from @ConfigurationProperties records").check(production);
    }

    @Test
    void httpStaysInWebPackages() {
        noClasses().that().resideOutsideOfPackage("..web..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                        "org.springframework.http..")
                .because("requests and responses are the web layer's business; domain code takes and returns its "
                        + "own types (issue 14)")
                .check(production);
    }
}
