package org.tijori.verify.proof;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.tijori.issuer.DocumentUri;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verified proofs a node keeps stay within their capacity however many strangers send, keep the proofs scanned
 * again and again, and keep nothing when the capacity is 0.
 */
class VerifiedProofsTests {

    final ProofClaims claims = new ProofClaims(DocumentUri.parse("in.gov.cbse-HSCER-2014123456"),
            "https://tijori.example.in", Instant.EPOCH, LocalDate.of(2014, 5, 15), "Aarav Sharma", null, 1);

    @Test
    void holdsAtMostItsCapacity() {
        VerifiedProofs kept = new VerifiedProofs(100);

        for (int i = 0; i < 10_000; i++) {
            kept.put(kept.digest("proof " + i), new VerifiedProofs.Entry("kid", claims));
            assertThat(kept.size()).isLessThanOrEqualTo(100);
        }
        assertThat(kept.get(kept.digest("proof 9999"))).isNotNull();
        assertThat(kept.get(kept.digest("proof 0"))).isNull();
    }

    @Test
    void keepsAProofThatIsScannedAgainWhileOthersComeAndGo() {
        VerifiedProofs kept = new VerifiedProofs(100);
        kept.put(kept.digest("often"), new VerifiedProofs.Entry("kid", claims));

        for (int i = 0; i < 10_000; i++) {
            kept.put(kept.digest("once " + i), new VerifiedProofs.Entry("kid", claims));
            if (i % 40 == 0) {
                assertThat(kept.get(kept.digest("often"))).as("after %d others", i).isNotNull();
            }
        }
    }

    @Test
    void keepsNothingAtCapacityZero() {
        VerifiedProofs kept = new VerifiedProofs(0);

        kept.put(kept.digest("proof"), new VerifiedProofs.Entry("kid", claims));

        assertThat(kept.get(kept.digest("proof"))).isNull();
        assertThat(kept.size()).isZero();
    }
}
