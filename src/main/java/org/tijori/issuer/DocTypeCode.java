package org.tijori.issuer;

import java.util.regex.Pattern;

import org.springframework.modulith.NamedInterface;

/** The code of a document type, such as {@code HSCER}: 2 to 12 capital letters and digits. */
@NamedInterface("pulls")
public record DocTypeCode(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Z0-9]{2,12}");

    public DocTypeCode {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("A document type code is 2 to 12 capital letters and digits, such as HSCER.");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
