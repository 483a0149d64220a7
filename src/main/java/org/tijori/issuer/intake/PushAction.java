package org.tijori.issuer.intake;

import java.util.Optional;

/**
 * What a push asks of its URI, as DigiLocker's {@code Action} codes it: {@code A} adds a document that is not
 * live, {@code U} publishes a new version of the live one, {@code D} deletes it.
 */
public enum PushAction {

    ADD("A"), UPDATE("U"), DELETE("D");

    private final String code;

    PushAction(String code) {
        this.code = code;
    }

    /** The one-letter code, as sent and as recorded in the trail. */
    public String code() {
        return code;
    }

    /**
     * The action a code names: exactly {@code A}, {@code U} or {@code D}, around which blanks are ignored; empty
     * for anything else (lower case, a word, nothing), which a push is refused for.
     */
    public static Optional<PushAction> of(String code) {
        String value = code == null ? "" : code.strip();
        for (PushAction action : values()) {
            if (action.code.equals(value)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }

    /** The action a push names, or its refusal, in the words of the wire format's {@code field}. */
    public static PushAction parse(String code, String field) {
        return of(code).orElseThrow(() -> PushRefusedException.invalid("invalid_parameter",
                field + " is missing or invalid: A (add), U (update) or D (delete)."));
    }
}
