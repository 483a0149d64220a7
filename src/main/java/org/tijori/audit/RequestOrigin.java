package org.tijori.audit;

import java.util.Optional;

/**
 * Where the work on this thread comes from, as the web layer says: the client's address and its user agent,
 * which each trail entry records. Set for the length of a request by {@code audit.web.RequestOrigins}, so that
 * the trail needs nothing of HTTP; work outside a request (a scheduled job, a background listener) has none.
 *
 * @param address the client's address (the balancer's word for it only when the balancer is trusted)
 * @param userAgent what the client says it is, may be null
 */
public record RequestOrigin(String address, String userAgent) {

    private static final ThreadLocal<RequestOrigin> CURRENT = new ThreadLocal<>();

    /** The origin of the request this thread is working on, if it is working on one. */
    public static Optional<RequestOrigin> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Makes this the current origin until the returned scope is closed, which puts back whatever was current
     * before (a forward or an error page within a request enters again).
     */
    public Scope enter() {
        RequestOrigin previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            }
            else {
                CURRENT.set(previous);
            }
        };
    }

    /** The time during which an origin is current. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {

        @Override
        void close();
    }
}
