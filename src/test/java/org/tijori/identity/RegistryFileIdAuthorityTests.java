package org.tijori.identity;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tijori.account.MobileNumber;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryFileIdAuthorityTests {

    static final String GOOD = """
            {"uid": "234567890124", "name": "Sunita Rao", "dob": "1984-06-30", "gender": "F", "mobile": "9812345678"}""";

    static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0 };

    @Test
    void loadsTheDemoRegistryWhoseEveryNumberIsValid() throws Exception {
        RegistryFileIdAuthority demo = RegistryFileIdAuthority.demo();
        JsonNode people;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(RegistryFileIdAuthority.DEMO_REGISTRY)) {
            people = JsonMapper.builder().build().readTree(in);
        }

        assertThat(people.size()).isEqualTo(8);
        assertThat(demo.size()).isEqualTo(8);
        List<String> mobiles = new ArrayList<>();
        for (JsonNode person : people) {
            String uid = person.get("uid").asString();
            assertThat(Verhoeff.isValid(uid)).as(uid).isTrue();
            IdentityRecord found = demo.find(new NationalId(uid)).orElseThrow();
            assertThat(found.name()).isEqualTo(person.get("name").asString());
            assertThat(found.mobile()).isEqualTo(new MobileNumber(person.get("mobile").asString()));
            mobiles.add(found.mobile().value());
        }
        assertThat(mobiles).doesNotHaveDuplicates();
    }

    @Test
    void readsARegistryFile(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("registry.json");
        Files.writeString(file, "[" + GOOD + ", " + """
                {"uid": "2345 6789 0148", "name": "Vikram Singh Rathore", "dob": "2000-02-29", "gender": "M",
                 "mobile": "+91 70000 12345", "email": "vikram@example.in", "photo": "%s"}]"""
                .formatted(Base64.getEncoder().encodeToString(JPEG)));

        RegistryFileIdAuthority registry = RegistryFileIdAuthority.read(file);

        assertThat(registry.size()).isEqualTo(2);
        IdentityRecord sunita = registry.find(new NationalId("234567890124")).orElseThrow();
        assertThat(sunita).isEqualTo(new IdentityRecord(new NationalId("234567890124"), "Sunita Rao",
                LocalDate.of(1984, 6, 30), Gender.F, new MobileNumber("9812345678"), null, null));
        IdentityRecord vikram = registry.find(NationalId.parse("2345 6789 0148")).orElseThrow();
        assertThat(vikram.mobile().value()).isEqualTo("7000012345");
        assertThat(vikram.email()).isEqualTo("vikram@example.in");
        assertThat(vikram.photo()).isEqualTo(JPEG);
        assertThat(registry.find(new NationalId("999941057058"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mistyped uid        | {"uid": "234567890123", "name": "A", "dob": "1990-01-01", "gender": "M", "mobile": "9812345670"} | "uid": The national ID's check digit does not match: mistyped?
            short uid           | {"uid": "23456789012", "name": "A", "dob": "1990-01-01", "gender": "M", "mobile": "9812345670"}  | "uid": A national ID must have 12 digits
            uid starting with 1 | {"uid": "123456789010", "name": "A", "dob": "1990-01-01", "gender": "M", "mobile": "9812345670"} | "uid": A national ID cannot start with 0 or 1
            missing uid         | {"name": "A", "dob": "1990-01-01", "gender": "M", "mobile": "9812345670"}                        | "uid" is missing
            repeated uid        | {"uid": "234567890124", "name": "A", "dob": "1990-01-01", "gender": "M", "mobile": "9812345670"} | is already held by entry [0]
            mobile too short    | {"uid": "999941057058", "name": "A", "dob": "1990-01-01", "gender": "M", "mobile": "981234567"}  | "mobile": A mobile number has 10 digits
            mobile starting 5   | {"uid": "999941057058", "name": "A", "dob": "1990-01-01", "gender": "M", "mobile": "5812345670"} | "mobile": A mobile number has 10 digits
            date in wrong order | {"uid": "999941057058", "name": "A", "dob": "01-01-1990", "gender": "M", "mobile": "9812345670"} | "dob": must be a date written YYYY-MM-DD
            date that is not    | {"uid": "999941057058", "name": "A", "dob": "1990-02-30", "gender": "M", "mobile": "9812345670"} | "dob": must be a date written YYYY-MM-DD
            unknown gender      | {"uid": "999941057058", "name": "A", "dob": "1990-01-01", "gender": "X", "mobile": "9812345670"} | "gender": must be M, F or T
            blank name          | {"uid": "999941057058", "name": " ", "dob": "1990-01-01", "gender": "M", "mobile": "9812345670"} | "name": A name is needed
            bad e-mail          | {"uid": "999941057058", "name": "A", "dob": "1990-01-01", "gender": "M", "mobile": "9812345670", "email": "nobody"} | "email": must be an e-mail address
            photo not base64    | {"uid": "999941057058", "name": "A", "dob": "1990-01-01", "gender": "M", "mobile": "9812345670", "photo": "%%%"} | "photo": must be a JPEG image in base64
            photo not a JPEG    | {"uid": "999941057058", "name": "A", "dob": "1990-01-01", "gender": "M", "mobile": "9812345670", "photo": "iVBORw0KGgo="} | "photo": must be a JPEG image in base64
            misspelt field      | {"uid": "999941057058", "name": "A", "dob": "1990-01-01", "gender": "M", "mobil": "9812345670"} | unknown field "mobil"
            uid not a string    | {"uid": ["999941057058"], "name": "A", "dob": "1990-01-01", "gender": "M", "mobile": "9812345670"} | "uid" must be a string
            not an object       | "999941057058" | must be an object
            """)
    void refusesABadEntryNamingItsIndex(String problem, String entry, String message, @TempDir Path folder)
            throws Exception {
        Path file = folder.resolve("registry.json");
        Files.writeString(file, "[" + GOOD + ",\n" + entry + "]");

        assertThatThrownBy(() -> RegistryFileIdAuthority.read(file))
                .isInstanceOf(IdentityRegistryException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("entry [1]: ")
                .hasMessageContaining(message);
    }

    @Test
    void neverNamesTheFullNumberOfABadEntry() {
        String repeated = "[" + GOOD + ", " + GOOD + "]";

        assertThatThrownBy(() -> read(repeated)).isInstanceOf(IdentityRegistryException.class)
                .hasMessageContaining("XXXX XXXX 0124").hasMessageNotContaining("234567890124");
    }

    @Test
    void refusesAFileThatIsNotAJsonArray(@TempDir Path folder) {
        assertThatThrownBy(() -> read("{\"uid\": \"234567890124\"}")).isInstanceOf(IdentityRegistryException.class)
                .hasMessageContaining("must be a JSON array");
        assertThatThrownBy(() -> read("[" + GOOD)).isInstanceOf(IdentityRegistryException.class)
                .hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> read("")).isInstanceOf(IdentityRegistryException.class);
        assertThatThrownBy(() -> RegistryFileIdAuthority.read(folder.resolve("absent.json")))
                .isInstanceOf(IdentityRegistryException.class)
                .hasMessageContaining("absent.json").hasMessageContaining("does not exist");
    }

    @Test
    void usesTheConfiguredRegistryOrElseTheDemo(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("registry.json");
        Files.writeString(file, "[" + GOOD + "]");
        var context = new ApplicationContextRunner().withUserConfiguration(IdentityConfiguration.class);

        context.withPropertyValues("tijori.identity.registry-file=" + file).run(started -> {
            IdAuthority authority = started.getBean(IdAuthority.class);
            assertThat(authority.find(new NationalId("234567890124"))).isPresent();
            assertThat(authority.find(new NationalId("999941057058"))).isEmpty();
        });
        context.run(started -> assertThat(started.getBean(IdAuthority.class)
                .find(new NationalId("999941057058"))).isPresent());
    }

    @Test
    void refusesToStartWithABadRegistry(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("registry.json");
        Files.writeString(file, "[" + GOOD.replace("1984-06-30", "30/06/1984") + "]");

        new ApplicationContextRunner().withUserConfiguration(IdentityConfiguration.class)
                .withPropertyValues("tijori.identity.registry-file=" + file)
                .run(started -> assertThat(started).hasFailed().getFailure()
                        .rootCause().isInstanceOf(IdentityRegistryException.class)
                        .hasMessageContaining("entry [0]: \"dob\""));
    }

    @Test
    void aPersonPrintsNeitherTheFullNumberNorTheBirthDate() {
        IdentityRecord person = read("[" + GOOD + "]").find(new NationalId("234567890124")).orElseThrow();

        assertThat(person.toString()).contains("XXXX XXXX 0124").doesNotContain("23456789")
                .doesNotContain("1984").doesNotContain("9812345678");
    }

    private static RegistryFileIdAuthority read(String json) {
        return RegistryFileIdAuthority.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
    }
}
