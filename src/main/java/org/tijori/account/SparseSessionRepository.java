package org.tijori.account;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The JDBC session store with two round trips of the database fewer on every signed-in request
 * (docs/benchmarks.md, issue 6):
 * <ul>
 * <li>A session whose only change is its last access, less than {@link #LAST_ACCESS_GRANULARITY} after
 * the stored one, is not written at all. Spring Session's store otherwise runs an UPDATE and a durable
 * commit for every request, whatever it did. The idle timeout therefore counts from a stored last access
 * up to a minute old: a session may end up to a minute early, never late.</li>
 * <li>Within one request, a session is read from the database once. Spring Session's filter reads it
 * again after saving it, only to learn whether the ID the browser sent is still valid; the request's own
 * copy answers that. The memory lives only while {@link RequestScope} runs (the filter that wraps Spring
 * Session's), so one request never sees another's copy, and a session ended on another node is seen as
 * ended by the next request here.</li>
 * <li>Reading a session is one statement, run without a transaction around it (see {@link Transactions}):
 * a transaction added a COMMIT round trip to every request and made nothing more consistent.</li>
 * </ul>
 */
final class SparseSessionRepository implements FindByIndexNameSessionRepository<SparseSessionRepository.Tracked> {

    static final Duration LAST_ACCESS_GRANULARITY = Duration.ofMinutes(1);

    private static final ThreadLocal<Map<String, Tracked>> REQUEST = new ThreadLocal<>();

    private static final ThreadLocal<Boolean> READING = new ThreadLocal<>();

    private final FindByIndexNameSessionRepository<Session> store;

    @SuppressWarnings("unchecked")
    SparseSessionRepository(FindByIndexNameSessionRepository<? extends Session> store) {
        // Sessions go back to the store they came from, which is all the cast assumes.
        this.store = (FindByIndexNameSessionRepository<Session>) store;
    }

    @Override
    public Tracked createSession() {
        return new Tracked(store.createSession(), null);
    }

    @Override
    public void save(Tracked session) {
        if (session.needsWriting()) {
            store.save(session.stored);
            session.written();
        }
        remember(session);
    }

    @Override
    public Tracked findById(String id) {
        Map<String, Tracked> request = REQUEST.get();
        if (request != null && request.containsKey(id)) {
            return request.get(id);
        }
        Session stored;
        READING.set(Boolean.TRUE);
        try {
            stored = store.findById(id);
        }
        finally {
            READING.remove();
        }
        Tracked found = stored == null ? null : new Tracked(stored, stored.getLastAccessedTime());
        if (request != null) {
            request.put(id, found);
        }
        return found;
    }

    @Override
    public void deleteById(String id) {
        store.deleteById(id);
        Map<String, Tracked> request = REQUEST.get();
        if (request != null) {
            request.put(id, null);
        }
    }

    @Override
    public Map<String, Tracked> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        Map<String, Tracked> found = new LinkedHashMap<>();
        store.findByIndexNameAndIndexValue(indexName, indexValue).forEach((id, stored) -> found.put(id,
                new Tracked(stored, stored.getLastAccessedTime())));
        return found;
    }

    /** The request's copy of a saved session, under its ID only: an ID it was renamed from is gone. */
    private static void remember(Tracked session) {
        Map<String, Tracked> request = REQUEST.get();
        if (request != null) {
            request.replaceAll((id, known) -> known == session && !id.equals(session.getId()) ? null : known);
            request.put(session.getId(), session);
        }
    }

    /**
     * A stored session, and whether anything but its last access changed since it was read or written.
     * Attributes count as changed when set or removed, as the store itself counts them.
     */
    static final class Tracked implements Session {

        private final Session stored;

        /** The last access as stored; {@code null} for a session not stored yet. */
        private Instant storedLastAccess;

        private boolean changed;

        private Tracked(Session stored, Instant storedLastAccess) {
            this.stored = stored;
            this.storedLastAccess = storedLastAccess;
        }

        boolean needsWriting() {
            return changed || storedLastAccess == null || !stored.getLastAccessedTime()
                    .isBefore(storedLastAccess.plus(LAST_ACCESS_GRANULARITY));
        }

        void written() {
            changed = false;
            storedLastAccess = stored.getLastAccessedTime();
        }

        @Override
        public String getId() {
            return stored.getId();
        }

        @Override
        public String changeSessionId() {
            changed = true;
            return stored.changeSessionId();
        }

        @Override
        public <T> T getAttribute(String name) {
            return stored.getAttribute(name);
        }

        @Override
        public Set<String> getAttributeNames() {
            return stored.getAttributeNames();
        }

        @Override
        public void setAttribute(String name, Object value) {
            changed = true;
            stored.setAttribute(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            changed = true;
            stored.removeAttribute(name);
        }

        @Override
        public Instant getCreationTime() {
            return stored.getCreationTime();
        }

        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {
            stored.setLastAccessedTime(lastAccessedTime);
        }

        @Override
        public Instant getLastAccessedTime() {
            return stored.getLastAccessedTime();
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
            changed |= !interval.equals(stored.getMaxInactiveInterval());
            stored.setMaxInactiveInterval(interval);
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return stored.getMaxInactiveInterval();
        }

        @Override
        public boolean isExpired() {
            return stored.isExpired();
        }
    }

    /**
     * The transactions Spring Session's store runs its statements in: its own (a new one each time,
     * as the store would make) for writes, which may take several statements, and none for a read, which
     * is one SELECT (and, for an expired session, one DELETE).
     */
    static final class Transactions implements TransactionOperations {

        private final TransactionTemplate writes;

        Transactions(PlatformTransactionManager transactions) {
            this.writes = new TransactionTemplate(transactions);
            this.writes.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        }

        @Override
        public <T> T execute(TransactionCallback<T> action) throws TransactionException {
            if (READING.get() != null) {
                return action.doInTransaction(new SimpleTransactionStatus(false));
            }
            return writes.execute(action);
        }
    }

    /**
     * The span of one request in which a session read once is not read again: registered just outside
     * Spring Session's filter, so that it covers the save at the end of the request.
     */
    static final class RequestScope implements Filter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (REQUEST.get() != null) {
                // A forward or an error dispatch inside the same request: its span is already open.
                chain.doFilter(request, response);
                return;
            }
            REQUEST.set(new HashMap<>(4));
            try {
                chain.doFilter(request, response);
            }
            finally {
                REQUEST.remove();
            }
        }
    }
}
