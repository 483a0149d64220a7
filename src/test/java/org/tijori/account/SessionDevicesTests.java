package org.tijori.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What the list of sessions shows of a session (its browser and system, its address roughly, a reference that is
 * not its ID) and which e-mail addresses a resident can give.
 */
class SessionDevicesTests {

    @Test
    void namesTheUsualBrowsersAndSystems() {
        assertThat(ResidentSessions.Device.of(
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"))
                .isEqualTo(new ResidentSessions.Device("Chrome", "Android"));
        assertThat(ResidentSessions.Device.of(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"))
                .isEqualTo(new ResidentSessions.Device("Safari", "iOS"));
        assertThat(ResidentSessions.Device.of(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0"))
                .isEqualTo(new ResidentSessions.Device("Edge", "Windows"));
        assertThat(ResidentSessions.Device.of("curl/8.5.0")).isEqualTo(new ResidentSessions.Device(null, null));
        assertThat(ResidentSessions.Device.of(null)).isEqualTo(new ResidentSessions.Device(null, null));
        var firefox = ResidentSessions.Device.of("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        assertThat(ResidentSessions.Device.parse(firefox.stored())).isEqualTo(firefox);
        assertThat(ResidentSessions.Device.parse(42)).isEqualTo(new ResidentSessions.Device(null, null));
    }

    @Test
    void showsTheAddressOnlyRoughly() {
        assertThat(ResidentSessions.approximate("203.0.113.7")).isEqualTo("203.0.113.x");
        assertThat(ResidentSessions.approximate("2001:db8:85a3:8d3:1319:8a2e:370:7348")).isEqualTo("2001:db8:85a3::/48");
        assertThat(ResidentSessions.approximate("")).isNull();
        assertThat(ResidentSessions.approximate(null)).isNull();
    }

    @Test
    void aSessionsReferenceIsNotItsId() {
        String id = "0b0e6e3e-7b52-4f43-9a1c-6d0f6f2f4f1a";

        assertThat(ResidentSessions.reference(id)).hasSize(22).doesNotContain(id).isEqualTo(ResidentSessions.reference(id))
                .isNotEqualTo(ResidentSessions.reference(id.replace('a', 'b')));
    }

    @Test
    void takesOnePlainAddressAndLowercasesItsDomain() {
        assertThat(EmailAddress.parse("  Asha.Verma+tijori@Example.CO.in ").value())
                .isEqualTo("Asha.Verma+tijori@example.co.in");
        assertThat(EmailAddress.parse("asha@example.org").masked()).isEqualTo("a***@example.org");
        assertThat(EmailAddress.parse("asha@example.org").toString()).doesNotContain("asha@");
        for (String bad : new String[] { null, "", "asha", "asha@", "@example.org", "asha@@example.org", "a@b@example.org",
                "asha@localhost", "asha@example..org", "asha@-example.org", "asha@example.org.", ".asha@example.org",
                "as..ha@example.org", "asha @example.org", "Asha <asha@example.org>", "asha@example.org\r\nBcc: x@y.org",
                "\"asha\"@example.org", "asha@[127.0.0.1]", "a".repeat(65) + "@example.org",
                "asha@" + "d".repeat(250) + ".org", "आशा@example.org", "asha@उदाहरण.भारत" }) {
            assertThatIllegalArgumentException().as(String.valueOf(bad)).isThrownBy(() -> EmailAddress.parse(bad));
        }
    }
}
