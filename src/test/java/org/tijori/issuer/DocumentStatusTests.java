package org.tijori.issuer;

import java.util.EnumSet;
import java.util.function.UnaryOperator;

import org.tijori.issuer.ledger.IssuedDocumentLedger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every move a version of an issued document may make, and every one it must refuse, without Spring.
 */
class DocumentStatusTests {

    @Test
    void holdsTheActiveRevokedAndSuspendedVersionsLiveAndNoOther() {
        assertThat(DocumentStatus.LIVE).containsExactlyInAnyOrder(DocumentStatus.ACTIVE, DocumentStatus.REVOKED,
                DocumentStatus.SUSPENDED);
        assertThat(EnumSet.allOf(DocumentStatus.class)).filteredOn(DocumentStatus::isLive)
                .containsExactlyInAnyOrderElementsOf(DocumentStatus.LIVE);
        assertThat(DocumentStatus.SUPERSEDED.isLive()).isFalse();
        assertThat(DocumentStatus.DELETED.isLive()).isFalse();
    }

    @Test
    void keepsTheLiveSetFromBeingChanged() {
        assertThatThrownBy(() -> DocumentStatus.LIVE.add(DocumentStatus.DELETED))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void spellsTheLiveRuleAsOneSqlConditionOnTheColumnItIsGiven() {
        assertThat(IssuedDocumentLedger.live("d.status")).isEqualTo("d.status in ('ACTIVE', 'REVOKED', 'SUSPENDED')");
    }

    @ParameterizedTest
    @EnumSource(names = { "ACTIVE", "REVOKED", "SUSPENDED" })
    void letsALiveVersionBeRevokedSuspendedReinstatedSupersededOrDeleted(DocumentStatus live) {
        assertThat(live.revoke()).isEqualTo(DocumentStatus.REVOKED);
        assertThat(live.suspend()).isEqualTo(DocumentStatus.SUSPENDED);
        assertThat(live.reinstate()).isEqualTo(DocumentStatus.ACTIVE);
        assertThat(live.supersede()).isEqualTo(DocumentStatus.SUPERSEDED);
        assertThat(live.delete()).isEqualTo(DocumentStatus.DELETED);
    }

    @ParameterizedTest
    @EnumSource(names = { "ACTIVE", "REVOKED", "SUSPENDED" })
    void letsAnIssuerAskALiveVersionForAnyLiveStatus(DocumentStatus live) {
        assertThat(live.changeTo(DocumentStatus.ACTIVE)).isEqualTo(DocumentStatus.ACTIVE);
        assertThat(live.changeTo(DocumentStatus.REVOKED)).isEqualTo(DocumentStatus.REVOKED);
        assertThat(live.changeTo(DocumentStatus.SUSPENDED)).isEqualTo(DocumentStatus.SUSPENDED);
    }

    @ParameterizedTest
    @EnumSource(names = { "ACTIVE", "REVOKED", "SUSPENDED" })
    void refusesAStatusChangeThatAsksForHistory(DocumentStatus live) {
        assertRefused(live, status -> status.changeTo(DocumentStatus.SUPERSEDED));
        assertRefused(live, status -> status.changeTo(DocumentStatus.DELETED));
    }

    @ParameterizedTest
    @EnumSource(names = { "SUPERSEDED", "DELETED" })
    void refusesEveryMoveOfAVersionThatIsHistory(DocumentStatus history) {
        assertRefused(history, DocumentStatus::revoke);
        assertRefused(history, DocumentStatus::suspend);
        assertRefused(history, DocumentStatus::reinstate);
        assertRefused(history, DocumentStatus::supersede);
        assertRefused(history, DocumentStatus::delete);
        for (DocumentStatus wanted : DocumentStatus.values()) {
            assertRefused(history, status -> status.changeTo(wanted));
        }
    }

    @Test
    void saysWhichStatusRefusedAMoveAndWhy() {
        assertThatThrownBy(DocumentStatus.DELETED::reinstate).isInstanceOf(IllegalDocumentMoveException.class)
                .hasMessage("A version of a document that is deleted cannot be reinstated.")
                .extracting(e -> ((IllegalDocumentMoveException) e).from()).isEqualTo(DocumentStatus.DELETED);
    }

    @Test
    void standsExpiredOnlyWhenActiveAndPastItsLastValidDay() {
        java.time.LocalDate today = java.time.LocalDate.of(2026, 12, 7);
        assertThat(DocumentStatus.ACTIVE.standing(today.minusDays(1), today)).isEqualTo("EXPIRED");
        assertThat(DocumentStatus.ACTIVE.standing(today, today)).as("its last day still counts").isEqualTo("ACTIVE");
        assertThat(DocumentStatus.ACTIVE.standing(null, today)).as("no expiry").isEqualTo("ACTIVE");
        assertThat(DocumentStatus.REVOKED.standing(today.minusDays(1), today)).isEqualTo("REVOKED");
        assertThat(DocumentStatus.SUSPENDED.standing(today.minusYears(1), today)).isEqualTo("SUSPENDED");
    }

    private static void assertRefused(DocumentStatus from, UnaryOperator<DocumentStatus> move) {
        assertThatThrownBy(() -> move.apply(from)).isInstanceOf(IllegalDocumentMoveException.class)
                .hasMessageContaining("is " + from.name().toLowerCase(java.util.Locale.ROOT));
    }
}
