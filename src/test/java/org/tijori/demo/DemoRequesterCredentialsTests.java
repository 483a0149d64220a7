package org.tijori.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo requester's credentials survive a restart, readable by the owner only; a damaged file says so. */
class DemoRequesterCredentialsTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path folder;

    @Test
    void areReadBackAsTheyWereWrittenFromAnOwnerOnlyFile() throws Exception {
        DemoRequesterCredentials written = new DemoRequesterCredentials("3f2b8a8e-0000-4000-8000-000000000001",
                "ABCDEFGH12", "a-secret-of-the-demo", "http://localhost:8080/demo-requester/callback");
        written.save(folder, json);

        assertThat(Files.getPosixFilePermissions(folder.resolve(DemoRequesterCredentials.FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(DemoRequesterCredentials.load(folder, json)).contains(written);
        assertThat(written.toString()).doesNotContain("a-secret-of-the-demo");
    }

    @Test
    void areAbsentBeforeTheFirstStartAndADamagedFileIsNamed() throws Exception {
        assertThat(DemoRequesterCredentials.load(folder, json)).isEmpty();

        Files.writeString(folder.resolve(DemoRequesterCredentials.FILE), "{\"clientId\":\"only\"}");

        assertThatThrownBy(() -> DemoRequesterCredentials.load(folder, json)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("damaged");
    }
}
