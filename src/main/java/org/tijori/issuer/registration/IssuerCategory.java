package org.tijori.issuer.registration;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What kind of body an issuer is, as DigiLocker's directory groups issuers. Written in lower case
 * ({@link #code()}) in registrations, in the database and in the directory's filter.
 */
public enum IssuerCategory {

    CENTRAL, STATE, EDUCATION, TRANSPORT, BANKING, HEALTH, OTHER;

    /** The word registrations and links use, such as {@code education}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category of a code, in any case and with spaces around it; empty for anything else. */
    public static Optional<IssuerCategory> ofCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(category -> category.code().equals(wanted)).findFirst();
    }

    /** Every code, joined for a message that says what is accepted. */
    public static String codes() {
        return String.join(", ", Arrays.stream(values()).map(IssuerCategory::code).toList());
    }
}
