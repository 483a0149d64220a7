package org.tijori.locker;

import org.tijori.locker.LockerProblemException.Kind;

/**
 * What a resident asks of an e-signature, checked as it is made.
 *
 * @param reason why the resident signs, or null; at most 200 characters, no line breaks
 * @param location where the resident signs, or null; at most 200 characters, no line breaks
 * @param visible whether a PDF shows the signature in a box on a page
 * @param page the page of the box, from 1; the first page when not given
 * @throws LockerProblemException {@code INVALID} when a text is too long or the page is below 1
 */
public record SigningRequest(String reason, String location, boolean visible, Integer page) {

    static final int MAX_TEXT = 200;

    static final int MAX_PAGE = 100_000;

    /** An invisible signature with no reason or location. */
    public static final SigningRequest PLAIN = new SigningRequest(null, null, false, null);

    public SigningRequest {
        reason = text(reason, "reason");
        location = text(location, "location");
        if (page != null && (page < 1 || page > MAX_PAGE)) {
            throw new LockerProblemException(Kind.INVALID, "bad-page", "page is a page number from 1.");
        }
    }

    /** The page of the visible signature, or null for an invisible one. */
    Integer visiblePage() {
        return visible ? (page == null ? Integer.valueOf(1) : page) : null;
    }

    private static String text(String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String strip = value.strip();
        if (strip.length() > MAX_TEXT || strip.chars().anyMatch(Character::isISOControl)) {
            throw new LockerProblemException(Kind.INVALID, "bad-" + what, what + " has at most " + MAX_TEXT
                    + " characters and no line breaks.");
        }
        return strip;
    }
}
