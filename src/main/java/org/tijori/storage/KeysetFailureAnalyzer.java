package org.tijori.storage;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A master keyset problem at start-up, explained in one place.
 */
class KeysetFailureAnalyzer extends AbstractFailureAnalyzer<KeysetUnusableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KeysetUnusableException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set tijori.keys.keyset (environment variable TIJORI_KEYS_KEYSET) to the Tink keyset in JSON that "
                        + "the stored blobs were wrapped with (an AES-256-GCM AEAD keyset; Tinkey creates one), or "
                        + "leave it unset to use the development keyset in tijori.data-dir/keys.",
                cause);
    }
}
