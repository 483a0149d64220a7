package org.tijori.verify.proof;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The claims of a proof whose signature held, read as a verifier reads them: a claim out of range is the one
 * refusal, {@link IllegalArgumentException}, never another exception that would reach the verifier as a 500.
 */
class ProofClaimsTests {

    static Map<String, Object> claims(long iat) {
        return Map.of("uri", "in.gov.board-HSCER-R1", "iss", "https://tijori.example.in", "iat", iat, "docType",
                "HSCER", "issuer", "in.gov.board", "ver", 3L);
    }

    @Test
    void readsTheClaimsTijoriSigns() {
        assertThat(ProofClaims.from(claims(1_765_016_130L)).iat().getEpochSecond()).isEqualTo(1_765_016_130L);
    }

    /** Found by {@link VerificationProofFuzzTests}: its input {@code iat-beyond-instant}. */
    @Test
    void refusesAnIssuedAtBeyondWhatAnInstantHolds() {
        assertThatThrownBy(() -> ProofClaims.from(claims(Long.MAX_VALUE))).isInstanceOf(IllegalArgumentException.class);
    }
}
