package org.tijori.issuer.pull;

import java.util.Arrays;
import java.util.Optional;

/**
 * A detail of the resident that a doc type's search may need, sent to its issuer in a Pull URI request
 * only when the doc type declared it at registration (API.md 4.4 names the elements).
 */
public enum ResidentField {

    /** The linked national ID, in full. */
    UID("UID", "UID"),
    /**
     * The MD5 of the linked national ID (32 lower-case hex digits), in the {@code UID} element: what DigiLocker's
     * current issuer specification sends, for issuers that match on it rather than on the number itself.
     */
    UID_HASH("UIDHash", "UID"),
    /** The name on the linked national ID. */
    FULL_NAME("FullName", "FullName"),
    /** The date of birth on the linked national ID. */
    DOB("DOB", "DOB");

    private final String element;

    private final String requestElement;

    ResidentField(String element, String requestElement) {
        this.element = element;
        this.requestElement = requestElement;
    }

    /**
     * The field's name in a registration, in forms and in messages; the same as its element in a
     * {@code PullURIRequest} except for {@link #UID_HASH}.
     */
    public String element() {
        return element;
    }

    /** The element that carries it in a {@code PullURIRequest}. */
    public String requestElement() {
        return requestElement;
    }

    /** The field of this registration name ({@link #element()}). */
    public static Optional<ResidentField> ofElement(String element) {
        return Arrays.stream(values()).filter(field -> field.element.equals(element)).findFirst();
    }
}
