package org.tijori.signing;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The outcome of checking a document's signature: valid, naming the registered certificate that
 * made it, or invalid with a sentence that says why.
 */
public sealed interface SignatureCheck permits SignatureCheck.Valid, SignatureCheck.Invalid {

    /**
     * The signature covers the whole document and was made with {@code signer}'s key.
     *
     * @param legacyAlgorithm whether it uses SHA-1, accepted only because the issuer was allowed it
     */
    record Valid(X509Certificate signer, boolean legacyAlgorithm) implements SignatureCheck {

        public Valid {
            Objects.requireNonNull(signer, "a valid signature has a signer");
        }

        public Valid(X509Certificate signer) {
            this(signer, false);
        }
    }

    /** The signature is missing, malformed, not accepted or wrong; {@code reason} says which. */
    record Invalid(String reason) implements SignatureCheck {

        public Invalid {
            Objects.requireNonNull(reason, "an invalid signature has a reason");
        }
    }
}
