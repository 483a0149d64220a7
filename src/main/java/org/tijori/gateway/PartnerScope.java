package org.tijori.gateway;

import java.util.Optional;

/**
 * What a requester may ask a resident for, by DigiLocker's scope names. A token carries the scopes its consent
 * granted, as the authorities {@code SCOPE_<name>}.
 */
public enum PartnerScope {

    /** Name, date of birth, gender and locker ID: always granted with any other. */
    USERDETAILS("userdetails"),
    /** The resident's issued documents: all, or the ones the resident ticked. */
    ISSUED_DOCUMENTS("files.issueddocs"),
    /** The documents the resident uploaded, and their folders. */
    UPLOADED_DOCUMENTS("files.uploadeddocs"),
    /** Putting a file into the resident's uploaded documents. */
    UPLOAD("files.upload"),
    /** Fetching an issued document from its issuer into the resident's locker. */
    PULL("pull"),
    /** The national-ID card's details as signed KYC XML. */
    EAADHAAR("eaadhaar"),
    /** An ID token beside the access token (OpenID Connect); reaches nothing by itself. */
    OPENID("openid");

    private final String value;

    PartnerScope(String value) {
        this.value = value;
    }

    /** The scope's name, as requests and tokens spell it. */
    public String value() {
        return value;
    }

    /** The authority a token with this scope holds. */
    public String authority() {
        return "SCOPE_" + value;
    }

    /** The scope of that name, if the gateway knows one. */
    public static Optional<PartnerScope> named(String value) {
        for (PartnerScope scope : values()) {
            if (scope.value.equals(value)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
