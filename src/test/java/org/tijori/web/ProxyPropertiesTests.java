package org.tijori.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyPropertiesTests {

    @Test
    void keepsRangesAndMakesALoneAddressARangeOfOne() {
        assertThat(new ProxyProperties(List.of(" 10.0.0.0/8", "192.0.2.7", "FD00::/8", "::1", "")).trustedProxies())
                .containsExactly("10.0.0.0/8", "192.0.2.7/32", "fd00::/8", "::1/128");
    }

    @Test
    void trustsNobodyByDefault() {
        assertThat(new ProxyProperties(List.of()).trustedProxies()).isEmpty();
    }

    @Test
    void refusesHostNamesAndMalformedRanges() {
        for (String wrong : List.of("balancer.example.org", "localhost", "10.0.0", "256.1.1.1", "10.0.0.0/33",
                "fd00::/129", "10.0.0.0/", "10.0.0.0/8/8", "1.2.3.4.5", ":::", "10.0.0.0/-1")) {
            assertThatThrownBy(() -> new ProxyProperties(List.of(wrong))).as(wrong)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tijori.web.trusted-proxies");
        }
    }
}
