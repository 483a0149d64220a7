package org.tijori.audit;

/**
 * Who caused an audited action.
 *
 * @param type {@code RESIDENT}, {@code ADMIN}, {@code ISSUER}, {@code CLIENT}, {@code ANONYMOUS}
 *             (a request without sign-in) or {@code SYSTEM} (no request at all)
 * @param id the account, client or issuer; {@code null} for anonymous and system actors
 */
public record Actor(String type, String id) {

    public static final Actor SYSTEM = new Actor("SYSTEM", null);

    public static final Actor ANONYMOUS = new Actor("ANONYMOUS", null);
}
