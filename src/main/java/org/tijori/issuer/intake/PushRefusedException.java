package org.tijori.issuer.intake;

import org.tijori.issuer.intake.PushOutcome.Refusal;

/**
 * A push, or another request of an issuer, refused on its way in: the reason travels up to the intake, which
 * records it and answers it, and rolls back whatever the request had begun. Thrown often by strangers' requests,
 * so it carries no stack trace.
 */
public final class PushRefusedException extends RuntimeException {

    private final Refusal kind;

    private final String code;

    /**
     * @param code a stable error code, such as {@code invalid_parameter}; the web layer may answer another one
     *             where a wire format wants it (its refusal table)
     */
    PushRefusedException(Refusal kind, String code, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
    }

    /** A malformed request, or one that names something that is not there. */
    static PushRefusedException invalid(String code, String message) {
        return new PushRefusedException(Refusal.INVALID, code, message);
    }

    public Refusal kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** This refusal as an outcome that echoes the request's {@code ts} and {@code txn}. */
    PushOutcome.Refused refused(String ts, String txn) {
        return new PushOutcome.Refused(ts, txn, kind, code, getMessage());
    }
}
