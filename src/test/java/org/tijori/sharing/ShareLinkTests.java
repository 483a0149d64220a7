package org.tijori.sharing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tijori.account.AccountId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The share link's one rule for its state, and the moves it guards, on a fixed clock.
 */
class ShareLinkTests {

    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    static ShareLink link(Integer maxViews) {
        return new ShareLink(ShareId.random(), new AccountId(UUID.randomUUID()), "asha", "ravi@example.org",
                Locale.ENGLISH, List.of(new SharedDocument(SharedDocument.Kind.UPLOADED, UUID.randomUUID().toString(),
                        "ration-card.pdf")), NOW, NOW.plus(Duration.ofHours(168)), maxViews, null, true, true, 0, 0,
                null, null, null);
    }

    @Test
    void isActiveUntilItsExpiryAndExpiredFromThatInstant() {
        ShareLink link = link(null);
        assertThat(link.state(NOW.plus(Duration.ofHours(168)).minusNanos(1000))).isEqualTo(ShareState.ACTIVE);
        assertThat(link.state(NOW.plus(Duration.ofHours(168)))).isEqualTo(ShareState.EXPIRED);
    }

    @Test
    void countsOpeningsUntilUsedUpAndRefusesOneMore() {
        ShareLink link = link(2);
        assertThat(link.recordOpening(NOW)).as("the first").isTrue();
        assertThat(link.recordOpening(NOW)).as("the second").isFalse();
        assertThat(link.state(NOW)).isEqualTo(ShareState.USED_UP);
        assertThatThrownBy(() -> link.recordOpening(NOW)).isInstanceOf(ShareLinkExpiredException.class)
                .extracting(e -> ((ShareLinkExpiredException) e).state()).isEqualTo(ShareState.USED_UP);
        assertThat(link.views()).isEqualTo(2);
    }

    @Test
    void aUsedUpLinkStillAdmitsTheVisitOfItsLastOpeningButNoOtherOne() {
        ShareLink link = link(1);
        link.recordOpening(NOW);
        assertThat(link.admits(NOW, true)).isTrue();
        assertThat(link.admits(NOW, false)).isFalse();
    }

    @Test
    void revokingEndsItOnceAndBeatsEveryOtherState() {
        ShareLink link = link(1);
        link.recordOpening(NOW);
        assertThat(link.revoke(NOW, "revoked")).isTrue();
        assertThat(link.revoke(NOW, "document-deleted")).as("again").isFalse();
        assertThat(link.endedReason()).isEqualTo("revoked");
        assertThat(link.state(NOW)).isEqualTo(ShareState.REVOKED);
        assertThat(link.admits(NOW, true)).as("not even in a visit").isFalse();
    }

    @Test
    void theLastAllowedWrongCodeLocksIt() {
        ShareLink link = link(null);
        for (int i = 1; i < 5; i++) {
            assertThat(link.recordWrongCode(NOW, 5)).isFalse();
        }
        assertThat(link.recordWrongCode(NOW, 5)).isTrue();
        assertThat(link.state(NOW)).isEqualTo(ShareState.LOCKED);
        assertThatThrownBy(() -> link.recordWrongCode(NOW, 5)).isInstanceOf(ShareLinkExpiredException.class);
        assertThatThrownBy(() -> link.recordOpening(NOW)).isInstanceOf(ShareLinkExpiredException.class);
    }

    @Test
    void aTokenHas256RandomBitsAndNeverShowsItself() {
        ShareToken token = ShareToken.random();
        assertThat(token.value()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(ShareToken.random().value()).isNotEqualTo(token.value());
        assertThat(token.toString()).doesNotContain(token.value());
        assertThat(String.valueOf(token)).isEqualTo("ShareToken[redacted]");
        assertThat(token.sha256()).hasSize(32).isEqualTo(ShareToken.sha256(token.value()));
        assertThat(ShareToken.parse("short")).isEmpty();
        assertThat(ShareToken.parse(token.value() + "x")).isEmpty();
        assertThat(ShareToken.parse(token.value())).contains(token);
        assertThatThrownBy(() -> new ShareToken("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClientIsItsNetworkAndBrowserFamilyOnly() {
        assertThat(ApproximateClient.network("203.0.113.77")).isEqualTo("203.0.113.0/24");
        assertThat(ApproximateClient.network("2001:db8:85a3:1234::8a2e:370:7334")).isEqualTo("2001:db8:85a3::/48");
        assertThat(ApproximateClient.network("example.org")).as("never a name to look up").isEqualTo("unknown");
        assertThat(ApproximateClient.network("cafe")).isEqualTo("unknown");
        assertThat(ApproximateClient.network(null)).isEqualTo("unknown");
        assertThat(ApproximateClient.family("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"))
                .isEqualTo("Firefox");
        assertThat(ApproximateClient.family("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/131.0 Mobile Safari/537.36")).isEqualTo("Chrome (mobile)");
        assertThat(ApproximateClient.family("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 "
                + "Safari/537.36 Edg/131.0")).isEqualTo("Edge");
        assertThat(ApproximateClient.family("")).isEqualTo("unknown");
    }
}
