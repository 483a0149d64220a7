package org.tijori.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * The tamper-evident activity trail: record what happened, read a resident's activity, and verify
 * that nothing was altered, removed or reordered.
 * <p>
 * Recording joins the caller's transaction and takes no lock that other requests wait on; entries
 * are chained shortly after, in batches, by one node at a time.
 */
@Service
public class AuditTrail {

    static final int MAX_USER_AGENT = 512;

    static final int MAX_PAGE = 500;

    private final AuditLog log;

    private final Clock clock;

    private final Counter recorded;

    private final AtomicReference<ChainCheck> lastCheck = new AtomicReference<>();

    AuditTrail(AuditLog log, Clock clock, MeterRegistry meters) {
        this.log = log;
        this.clock = clock;
        this.recorded = Counter.builder("tijori.audit.entries.recorded")
                .description("Activity trail entries recorded").register(meters);
    }

    /**
     * Records an action by whoever is signed in, from wherever the current request comes from.
     *
     * @param action what happened, {@code <module>.<EventName>}
     * @param subject what it happened to, may be null
     * @param details further facts, kept in the order given
     */
    public void record(String action, String subject, Map<String, String> details) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<RequestOrigin> origin = RequestOrigin.current();
        log.append(now, currentActor(origin.isPresent()), action, subject, origin.map(RequestOrigin::address).orElse(null),
                origin.map(RequestOrigin::userAgent).map(agent -> truncate(agent, MAX_USER_AGENT)).orElse(null),
                Json.object(details));
        recorded.increment();
    }

    /** Checks every chained entry; entries recorded in the last moments may not be chained yet. */
    public AuditVerification verify() {
        AuditVerification result = log.verify();
        lastCheck.set(new ChainCheck(result, clock.instant()));
        return result;
    }

    /**
     * The last {@link #verify()} on this node (the background check or an administrator's), without reading
     * the chain again; empty when none has run since the node started.
     */
    public Optional<ChainCheck> lastCheck() {
        return Optional.ofNullable(lastCheck.get());
    }

    /**
     * A page of a resident's own activity, newest first: what the resident did (as the signed-in
     * actor) and what was done to their locker (entries whose subject is the account, such as an
     * issuer's delivery). Entries recorded in the last moments and not chained yet are included, at
     * the top of the first page.
     *
     * @param accountId the resident's account
     * @param before the cursor from the previous page's {@link ActivitySlice#next()}, or null for the first page
     * @param size how many entries at most, 1 to 500
     */
    public ActivitySlice residentActivity(String accountId, ActivityFilter filter, Long before, int size) {
        if (size < 1 || size > MAX_PAGE) {
            throw new IllegalArgumentException("size must be 1 to " + MAX_PAGE);
        }
        return log.inOneSnapshot(() -> {
            List<AuditEntry> entries = new ArrayList<>(before == null ? log.residentInbox(accountId, filter, size)
                    : List.of());
            int room = size - entries.size();
            List<AuditEntry> chained = log.residentChain(accountId, filter, before == null ? Long.MAX_VALUE : before,
                    room + 1);
            entries.addAll(chained.subList(0, Math.min(room, chained.size())));
            Long next = null;
            if (chained.size() > room) {
                next = room == 0 ? Long.MAX_VALUE : chained.get(room - 1).sequence();
            }
            return new ActivitySlice(entries, next);
        });
    }

    /** Every entry of a resident's own activity, newest first, read as it is handed on. */
    public void eachOfResident(String accountId, ActivityFilter filter, Consumer<AuditEntry> each) {
        log.eachOfResident(accountId, filter, each);
    }

    /** The most recent entries caused by an account, client or issuer, newest first. */
    public List<AuditEntry> activityOf(String actorId, int limit) {
        return log.byActor(actorId, limit);
    }

    /** The most recent entries about a subject (a document URI, an account), newest first. */
    public List<AuditEntry> about(String subject, int limit) {
        return log.bySubject(subject, limit);
    }

    private static Actor currentActor(boolean inRequest) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return inRequest ? Actor.ANONYMOUS : Actor.SYSTEM;
        }
        String type = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority != null && authority.startsWith("ROLE_"))
                .map(authority -> authority.substring("ROLE_".length()))
                .findFirst()
                .orElse("USER");
        return new Actor(type, authentication.getName());
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
