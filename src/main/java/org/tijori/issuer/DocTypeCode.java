package org.tijori.issuer;

import org.springframework.modulith.NamedInterface;

/** The code of a document type, such as {@code HSCER}: 2 to 12 capital letters and digits. */
@NamedInterface("pulls")
public record DocTypeCode(String value) {

    public DocTypeCode {
        if (value == null || value.length() < 2 || value.length() > 12
                || !value.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("A document type code is 2 to 12 capital letters and digits, such as HSCER.");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
