package org.tijori.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo requester's flows (taken once, forgotten after ten minutes, at most a hundred), and how it checks a file's
 * {@code hmac} header and shortens secrets.
 */
class DemoFlowsTests {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T08:00:00Z"));

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private final DemoFlows flows = new DemoFlows(clock);

    @Test
    void aFlowIsTakenOnce() {
        flows.add(new DemoFlows.Flow("s1", "v1", clock.instant()));

        assertThat(flows.take("s1")).map(DemoFlows.Flow::verifier).contains("v1");
        assertThat(flows.take("s1")).isEmpty();
        assertThat(flows.take(null)).isEmpty();
    }

    @Test
    void aFlowIsForgottenAfterTenMinutes() {
        flows.add(new DemoFlows.Flow("old", "v", clock.instant()));
        now.set(now.get().plus(Duration.ofMinutes(9)));
        flows.add(new DemoFlows.Flow("young", "v", clock.instant()));
        now.set(now.get().plus(Duration.ofMinutes(1)));

        assertThat(flows.take("old")).isEmpty();
        assertThat(flows.take("young")).isPresent();
    }

    @Test
    void keepsAtMostAHundredFlowsTheOldestGoingFirst() {
        for (int i = 0; i < DemoFlows.MOST + 5; i++) {
            flows.add(new DemoFlows.Flow("s" + i, "v", clock.instant()));
        }

        assertThat(flows.size()).isEqualTo(DemoFlows.MOST);
        assertThat(flows.take("s4")).isEmpty();
        assertThat(flows.take("s5")).isPresent();
        assertThat(flows.take("s" + (DemoFlows.MOST + 4))).isPresent();
    }

    @Test
    void theHmacOfAFileIsTheBase64HmacSha256OfItsBytesKeyedByTheClientSecret() {
        byte[] body = "%PDF-1.7 a document".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // HMAC-SHA256("%PDF-1.7 a document", key "secret-of-the-client"), computed outside Java by openssl
        String offered = "XO6nKOMdXRHUp9m98jFKtrwa9r5HlFnxcbanAQgtd+I=";

        assertThat(DemoRequester.matches(offered, body, "secret-of-the-client")).isTrue();
        assertThat(DemoRequester.matches(offered, body, "another-secret")).isFalse();
        assertThat(DemoRequester.matches("not base64!", body, "secret-of-the-client")).isFalse();
    }

    @Test
    void showsOnlyTheLastFourCharactersOfASecret() {
        assertThat(DemoRequester.lastFour("abcdefgh1234")).isEqualTo("…1234");
        assertThat(DemoRequester.lastFour("abcd")).isEqualTo("…");
    }
}
