package org.tijori.gateway.requester;

import java.util.List;
import java.util.regex.Pattern;

import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.GatewayProblemException.Kind;

/**
 * What a requester sends to register (API.md section 5): who it is, how to reach it, what it asks residents' documents
 * for, and where its authorization answers may be sent. It says itself what is wrong with it ({@link #validate}).
 */
public record RequesterRegistration(String name, String organisation, String contactEmail, List<String> redirectUris,
        String purpose) {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    /** Anything but a line's own characters: no control characters in what residents are shown. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");

    /**
     * This registration with every field checked and stripped.
     *
     * @throws GatewayProblemException of kind {@code INVALID}, naming the first field that is wrong
     */
    public Valid validate() {
        String checkedName = text("name", name, 200);
        String checkedOrganisation = text("organisation", organisation, 200);
        String email = text("contactEmail", contactEmail, 254);
        if (!EMAIL.matcher(email).matches()) {
            throw invalid("contactEmail: not an e-mail address.");
        }
        String checkedPurpose = text("purpose", purpose, 500);
        return new Valid(checkedName, checkedOrganisation, email, RedirectUris.check(redirectUris), checkedPurpose);
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw invalid(field + ": required.");
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            throw invalid(field + ": at most " + max + " characters.");
        }
        if (CONTROL.matcher(stripped).find()) {
            throw invalid(field + ": holds control characters.");
        }
        return stripped;
    }

    private static GatewayProblemException invalid(String message) {
        return new GatewayProblemException(Kind.INVALID, "invalid_registration", message);
    }

    /** A registration whose every field holds, stripped. */
    public record Valid(String name, String organisation, String contactEmail, List<String> redirectUris,
            String purpose) {
    }
}
