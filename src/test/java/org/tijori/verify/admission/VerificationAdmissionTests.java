package org.tijori.verify.admission;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tijori.verify.VerifyProperties;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node-local buckets of public verification stay bounded however many addresses a flood comes from: past
 * the bound, newcomers share one bucket, while addresses already known keep their own.
 */
class VerificationAdmissionTests {

    static final VerifyProperties TWO_A_MINUTE = new VerifyProperties(Duration.ofDays(180), Duration.ofMinutes(10),
            Duration.ofMinutes(1), 2048, List.<URI>of(), 2, 60, Duration.ofMinutes(1), DataSize.ofMegabytes(2),
            10_000);

    final VerificationAdmission admission = new VerificationAdmission(null, TWO_A_MINUTE,
            Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC), 3);

    @Test
    void newcomersPastTheBoundShareOneBucketWhileKnownAddressesKeepTheirs() {
        for (String known : List.of("192.0.2.1", "192.0.2.2", "192.0.2.3")) {
            assertThat(admission.admit(known)).isZero();
        }

        assertThat(admission.admit("2001:db8::1")).as("a newcomer past the bound").isZero();
        assertThat(admission.admit("2001:db8::2")).as("another newcomer, the same bucket").isZero();
        assertThat(admission.admit("2001:db8::3")).as("the newcomers' bucket is spent").isPositive();
        assertThat(admission.admit("2001:db8::4")).isPositive();

        assertThat(admission.admit("192.0.2.1")).as("a known address keeps its own bucket").isZero();
        assertThat(admission.admit("192.0.2.1")).isPositive();
    }
}
