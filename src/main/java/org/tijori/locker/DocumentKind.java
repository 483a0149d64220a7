package org.tijori.locker;

import java.util.Locale;
import java.util.Optional;

/**
 * The catalogue of document types a resident may give an uploaded document. Names shown on pages come
 * from the message bundles ({@code locker.kind.<code>}).
 */
public enum DocumentKind {
    PAN_CARD, AADHAAR_CARD, PASSPORT, DRIVING_LICENCE, VOTER_ID, BIRTH_CERTIFICATE, RATION_CARD,
    VEHICLE_REGISTRATION, MARKSHEET, DEGREE_CERTIFICATE, INCOME_CERTIFICATE, CASTE_CERTIFICATE,
    DOMICILE_CERTIFICATE, INSURANCE_POLICY, PROPERTY_DOCUMENT, OTHER;

    /** The code used in forms, the API and message keys: {@code pan-card}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<DocumentKind> fromCode(String code) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        for (DocumentKind kind : values()) {
            if (kind.code().equals(code.strip())) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
