package org.tijori.audit;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChainHashTests {

    static final Instant AT = Instant.parse("2026-11-28T10:15:30.123456Z");

    static AuditEntry entry(long seq, String subject, String ip, String userAgent) {
        return new AuditEntry(seq, AT, new Actor("RESIDENT", "a1"), "locker.DocumentUploaded", subject, ip,
                userAgent, "{}");
    }

    @Test
    void isTheSameForTheSameContent() {
        assertThat(ChainHash.of(ChainHash.GENESIS, entry(1, "s", "ip", "ua")))
                .isEqualTo(ChainHash.of(ChainHash.GENESIS, entry(1, "s", "ip", "ua")))
                .hasSize(32);
    }

    @Test
    void dependsOnThePreviousHash() {
        byte[] other = ChainHash.of(ChainHash.GENESIS, entry(1, "x", null, null));
        assertThat(ChainHash.of(other, entry(2, "s", "ip", "ua")))
                .isNotEqualTo(ChainHash.of(ChainHash.GENESIS, entry(2, "s", "ip", "ua")));
    }

    @Test
    void dependsOnThePosition() {
        assertThat(ChainHash.of(ChainHash.GENESIS, entry(1, "s", "ip", "ua")))
                .isNotEqualTo(ChainHash.of(ChainHash.GENESIS, entry(2, "s", "ip", "ua")));
    }

    @Test
    void tellsNullFromEmpty() {
        assertThat(ChainHash.of(ChainHash.GENESIS, entry(1, null, "ip", "ua")))
                .isNotEqualTo(ChainHash.of(ChainHash.GENESIS, entry(1, "", "ip", "ua")));
    }

    @Test
    void cannotBeFooledByMovingTextBetweenFields() {
        assertThat(ChainHash.of(ChainHash.GENESIS, entry(1, "ab", "c", "ua")))
                .isNotEqualTo(ChainHash.of(ChainHash.GENESIS, entry(1, "a", "bc", "ua")));
    }

    @Test
    void coversTheMicroseconds() {
        var later = new AuditEntry(1, AT.plusNanos(1_000), new Actor("RESIDENT", "a1"), "locker.DocumentUploaded",
                "s", "ip", "ua", "{}");
        assertThat(ChainHash.of(ChainHash.GENESIS, later))
                .isNotEqualTo(ChainHash.of(ChainHash.GENESIS, entry(1, "s", "ip", "ua")));
    }
}
