package org.tijori.issuer;

import java.util.regex.Pattern;

import org.springframework.modulith.NamedInterface;

/**
 * An issuer's ID, DigiLocker's {@code orgId}: lower-case words joined by dots, such as
 * {@code in.gov.cbse}. It never holds a hyphen, which separates the parts of a document URI.
 */
@NamedInterface("pulls")
public record IssuerId(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");

    public IssuerId {
        if (value == null || value.length() < 2 || value.length() > 64 || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("An issuer ID is 2 to 64 lower-case letters and digits in words "
                    + "joined by dots, such as in.gov.cbse.");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
