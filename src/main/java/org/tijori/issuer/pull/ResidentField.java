package org.tijori.issuer.pull;

import java.util.Arrays;
import java.util.Optional;

/**
 * A detail of the resident that a doc type's search may need, sent to its issuer in a Pull URI request
 * only when the doc type declared it at registration (API.md 4.4 names the elements).
 */
public enum ResidentField {

    /** The linked national ID, in full. */
    UID("UID"),
    /** The name on the linked national ID. */
    FULL_NAME("FullName"),
    /** The date of birth on the linked national ID. */
    DOB("DOB");

    private final String element;

    ResidentField(String element) {
        this.element = element;
    }

    /** The element's name in a {@code PullURIRequest}, and the field's name in a registration. */
    public String element() {
        return element;
    }

    public static Optional<ResidentField> ofElement(String element) {
        return Arrays.stream(values()).filter(field -> field.element.equals(element)).findFirst();
    }
}
