package org.tijori.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Small secrets sealed for other modules' tables, and the keyed fingerprints that find them.
 */
@SpringBootTest
class SealedValuesTests {

    static final byte[] NATIONAL_ID = "234567890124".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    SealedValues sealedValues;

    @Autowired
    VaultKeys keys;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Test
    void opensWhatItSealedInTheSameContext() {
        byte[] sealed = sealedValues.seal(NATIONAL_ID, "identity/national-id");

        assertThat(sealedValues.open(sealed, "identity/national-id")).isEqualTo(NATIONAL_ID);
        assertThat(sealed).hasSizeGreaterThan(NATIONAL_ID.length);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("234567890124");
        assertThat(sealedValues.seal(NATIONAL_ID, "identity/national-id")).as("a fresh nonce every time")
                .isNotEqualTo(sealed);
    }

    @Test
    void refusesToOpenAValueInAnotherContext() {
        byte[] sealed = sealedValues.seal(NATIONAL_ID, "identity/national-id");

        assertThatThrownBy(() -> sealedValues.open(sealed, "issuer/client-secret"))
                .isInstanceOf(SealedValueException.class)
                .hasMessageContaining("issuer/client-secret")
                .hasMessageNotContaining("234567890124");
    }

    @Test
    void refusesATamperedOrTruncatedValue() {
        byte[] sealed = sealedValues.seal(NATIONAL_ID, "identity/national-id");

        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> sealedValues.open(tampered, "identity/national-id"))
                    .as("byte %d flipped", i).isInstanceOf(SealedValueException.class);
        }
        byte[] truncated = Arrays.copyOf(sealed, sealed.length - 1);
        assertThatThrownBy(() -> sealedValues.open(truncated, "identity/national-id"))
                .isInstanceOf(SealedValueException.class);
    }

    @Test
    void refusesABlankContextOrPurpose() {
        assertThatThrownBy(() -> sealedValues.seal(NATIONAL_ID, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealedValues.open(new byte[40], null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealedValues.fingerprint("", NATIONAL_ID))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givesTheSameFingerprintForTheSameValueAndPurpose() {
        byte[] fingerprint = sealedValues.fingerprint("identity/national-id", NATIONAL_ID);

        assertThat(fingerprint).hasSize(32);
        assertThat(sealedValues.fingerprint("identity/national-id", NATIONAL_ID.clone())).isEqualTo(fingerprint);
        assertThat(sealedValues.fingerprint("identity/national-id", "234567890125".getBytes(StandardCharsets.US_ASCII)))
                .isNotEqualTo(fingerprint);
    }

    @Test
    void keepsFingerprintsOfDifferentPurposesApart() {
        assertThat(sealedValues.fingerprint("identity/national-id", NATIONAL_ID))
                .isNotEqualTo(sealedValues.fingerprint("account/mobile", NATIONAL_ID));
    }

    @Test
    void anotherNodeOrARestartOnTheSameDatabaseGivesTheSameFingerprints() {
        var anotherNode = new SealedValues(keys, jdbc, clock);

        assertThat(anotherNode.fingerprint("identity/national-id", NATIONAL_ID))
                .isEqualTo(sealedValues.fingerprint("identity/national-id", NATIONAL_ID));
        assertThat(anotherNode.open(sealedValues.seal(NATIONAL_ID, "identity/national-id"), "identity/national-id"))
                .isEqualTo(NATIONAL_ID);
        assertThat(jdbc.sql("select count(*) from storage_secret").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void nodesStartingAtOnceAgreeOnOneSecret() throws Exception {
        List<Map<String, Object>> applicationSecrets = jdbc.sql("select name, sealed, created_at from storage_secret")
                .query().listOfRows();
        jdbc.sql("delete from storage_secret").update();
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            List<Callable<byte[]>> starts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                starts.add(() -> new SealedValues(keys, jdbc, clock).fingerprint("identity/national-id", NATIONAL_ID));
            }
            List<byte[]> fingerprints = new ArrayList<>();
            for (Future<byte[]> started : nodes.invokeAll(starts)) {
                fingerprints.add(started.get());
            }

            assertThat(fingerprints).allSatisfy(fingerprint -> assertThat(fingerprint).isEqualTo(fingerprints.get(0)));
            assertThat(jdbc.sql("select count(*) from storage_secret").query(Long.class).single()).isEqualTo(1);
        }
        finally {
            nodes.shutdownNow();
            jdbc.sql("delete from storage_secret").update();
            for (Map<String, Object> row : applicationSecrets) {
                jdbc.sql("insert into storage_secret (name, sealed, created_at) values (:name, :sealed, :created_at)")
                        .params(row).update();
            }
        }
    }

    @Test
    void keepsTheLookupSecretOnlySealed() throws Exception {
        byte[] stored = jdbc.sql("select sealed from storage_secret where name = ?").param(SealedValues.LOOKUP_SECRET)
                .query(byte[].class).single();

        assertThat(stored).as("not 32 bytes of plain key").hasSizeGreaterThan(32);
        assertThatThrownBy(() -> keys.open(stored, SealedValues.sealedAssociatedData(SealedValues.LOOKUP_SECRET)))
                .as("bound to its own associated data").isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> sealedValues.open(stored, SealedValues.LOOKUP_SECRET))
                .as("not openable through the public API").isInstanceOf(SealedValueException.class);
        byte[] secret = keys.open(stored, SealedValues.secretAssociatedData(SealedValues.LOOKUP_SECRET));
        assertThat(secret).hasSize(32);
        assertThat(indexOf(stored, secret)).as("the raw secret is nowhere in the row").isEqualTo(-1);
    }

    @Test
    void refusesToStartWithAKeysetThatCannotOpenTheSecret() throws Exception {
        var stranger = VaultKeys.of(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));

        assertThatThrownBy(() -> new SealedValues(stranger, jdbc, clock))
                .isInstanceOf(KeysetUnusableException.class)
                .hasMessageContaining("storage_secret");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
