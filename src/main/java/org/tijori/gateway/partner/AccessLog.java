package org.tijori.gateway.partner;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.AccountId;
import org.tijori.account.WindowTally;
import org.tijori.gateway.ConsentId;
import org.tijori.gateway.RequesterId;
import org.tijori.gateway.events.PartnerAccessed;
import org.tijori.gateway.token.PartnerAccess;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What requesters did in residents' lockers (ADR 23, "Activity"), for the resident's connected apps, the trail and
 * the requester's portal.
 * <ul>
 * <li>A document read ({@link #read}) is one {@code gateway_access} row and one {@link PartnerAccessed} with
 * {@code times} 1, written in the request.</li>
 * <li>Lists and user details ({@link #counted}) are counted in this node's memory by consent and operation, and each
 * window ({@code tijori.gateway.access-window}) becomes one row and one event per consent and operation: a
 * requester polling a list a thousand times a minute costs a counter, not a thousand transactions.</li>
 * <li>Every call and every error ({@link #failed}) is counted per requester and day ({@code gateway_call_day}); the
 * errors are kept too ({@code gateway_call_error}, the newest 100 of each requester).</li>
 * </ul>
 * Counts are kept per node and lost if the node dies before its window ends (at most one window, ADR 23 open question
 * 9); a graceful stop writes them. The counters one window holds are bounded: past {@link #MAX_PENDING} distinct ones
 * the further calls are counted per day only, and past {@link #MAX_ERRORS} errors the further ones are counted but not
 * kept.
 */
@Component
public class AccessLog {

    /** Distinct (consent, operation) counters one window holds at most. */
    static final int MAX_PENDING = 100_000;

    /** Errors one window keeps at most. */
    static final int MAX_ERRORS = 10_000;

    /** The errors of each requester its portal keeps. */
    static final int KEPT_ERRORS = 100;

    private static final int BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

    private final JdbcClient jdbc;

    private final ApplicationEventPublisher events;

    private final TransactionTemplate transactions;

    private final Clock clock;

    /** Held shared while counting and alone while a window is swapped, so that no count lands in a flushed one. */
    private final ReadWriteLock swap = new ReentrantReadWriteLock();

    private Window window = new Window();

    AccessLog(JdbcClient jdbc, ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Counts a list or user-details call, written when the window ends. */
    public void counted(PartnerAccess access, String operation) {
        Instant now = clock.instant();
        swap.readLock().lock();
        try {
            window.call(access.requester(), now);
            Key key = new Key(access.consent(), access.account(), access.requester(), access.clientId(), operation);
            WindowTally tally = window.tallies.get(key);
            if (tally == null) {
                if (window.tallies.size() >= MAX_PENDING) {
                    return;
                }
                tally = window.tallies.computeIfAbsent(key, k -> new WindowTally(now));
            }
            tally.add(now);
        }
        finally {
            swap.readLock().unlock();
        }
    }

    /**
     * Records a document read or written through a token, now and in one transaction: its row and its event.
     *
     * @param document the document's URI
     */
    public void read(PartnerAccess access, String operation, String document) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            insert(access.consent(), access.account(), operation, document, now, now, 1);
            events.publishEvent(new PartnerAccessed(access.account(), access.requester(), access.clientId(),
                    operation, document, 1, now, now));
        });
        swap.readLock().lock();
        try {
            window.call(access.requester(), now);
        }
        finally {
            swap.readLock().unlock();
        }
    }

    /**
     * Counts a call that a requester's token reached but that was refused (a document outside the consent, a folder
     * that does not exist), for the requester's portal.
     *
     * @param error DigiLocker's error code
     */
    public void failed(PartnerAccess access, String operation, int status, String error) {
        Instant now = clock.instant();
        swap.readLock().lock();
        try {
            window.call(access.requester(), now);
            window.error(access.requester(), now);
            if (window.errorCount.incrementAndGet() <= MAX_ERRORS) {
                window.errors.add(new CallError(access.requester(), now, operation, status, error));
            }
        }
        finally {
            swap.readLock().unlock();
        }
    }

    /**
     * Writes the window's entries and counts, and starts a new window. One flush at a time: a flush called while the
     * scheduled one writes returns only once everything counted before the call is written.
     */
    @Scheduled(initialDelayString = "${tijori.gateway.access-window:1m}",
            fixedDelayString = "${tijori.gateway.access-window:1m}")
    public synchronized void flush() {
        Window ended;
        swap.writeLock().lock();
        try {
            ended = window;
            window = new Window();
        }
        finally {
            swap.writeLock().unlock();
        }
        List<Map.Entry<Key, WindowTally>> tallies = new ArrayList<>(ended.tallies.entrySet());
        for (int from = 0; from < tallies.size(); from += BATCH) {
            List<Map.Entry<Key, WindowTally>> batch = tallies.subList(from, Math.min(tallies.size(), from + BATCH));
            try {
                transactions.executeWithoutResult(status -> batch.forEach(entry -> write(entry.getKey(),
                        entry.getValue())));
            }
            catch (RuntimeException e) {
                log.warn("{} requester accesses could not be written", batch.size(), e);
            }
        }
        try {
            transactions.executeWithoutResult(status -> writeCounts(ended));
        }
        catch (RuntimeException e) {
            log.warn("The requesters' calls of {} days could not be counted", ended.days.size(), e);
        }
    }

    /** A graceful stop writes the window rather than forgetting it. */
    @PreDestroy
    void stop() {
        flush();
    }

    private void write(Key key, WindowTally tally) {
        WindowTally.Counted counted = tally.counted();
        if (insert(key.consent(), key.account(), key.operation(), null, counted.first(), counted.last(),
                counted.times())) {
            events.publishEvent(new PartnerAccessed(key.account(), key.requester(), key.clientId(), key.operation(),
                    null, counted.times(), counted.first(), counted.last()));
        }
    }

    /** Inserts an access row, unless its consent is gone meanwhile (the account deleted). */
    private boolean insert(ConsentId consent, AccountId account, String operation, String document, Instant first,
            Instant last, int times) {
        return jdbc.sql("""
                insert into gateway_access (id, consent_id, account_id, operation, document, first_at, last_at, times)
                select ?, c.id, ?, ?, ?, ?, ?, ? from gateway_consent c where c.id = ?""")
                .params(UUID.randomUUID(), account.value(), operation, document, utc(first), utc(last), times,
                        consent.value())
                .update() == 1;
    }

    private void writeCounts(Window ended) {
        ended.days.forEach((day, counts) -> jdbc.sql("""
                insert into gateway_call_day (requester_id, day, calls, errors) values (?, ?, ?, ?)
                on conflict (requester_id, day)
                do update set calls = gateway_call_day.calls + excluded.calls,
                              errors = gateway_call_day.errors + excluded.errors""")
                .params(day.requester().value(), day.day(), counts.calls.get(), counts.errors.get()).update());
        List<RequesterId> erring = new ArrayList<>();
        for (CallError error : ended.errors) {
            jdbc.sql("""
                    insert into gateway_call_error (id, requester_id, at, operation, status, error)
                    values (?, ?, ?, ?, ?, ?)""")
                    .params(UUID.randomUUID(), error.requester().value(), utc(error.at()), error.operation(),
                            error.status(), error.error())
                    .update();
            if (!erring.contains(error.requester())) {
                erring.add(error.requester());
            }
        }
        for (RequesterId requester : erring) {
            jdbc.sql("""
                    delete from gateway_call_error where requester_id = ? and id not in
                      (select id from gateway_call_error where requester_id = ? order by at desc limit ?)""")
                    .params(requester.value(), requester.value(), KEPT_ERRORS).update();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Key(ConsentId consent, AccountId account, RequesterId requester, String clientId,
            String operation) {
    }

    private record Day(RequesterId requester, LocalDate day) {
    }

    private record CallError(RequesterId requester, Instant at, String operation, int status, String error) {
    }

    /** Calls and errors of one requester on one day. */
    private static final class Counts {

        final AtomicLong calls = new AtomicLong();

        final AtomicLong errors = new AtomicLong();
    }

    /** What one window gathered. */
    private static final class Window {

        final Map<Key, WindowTally> tallies = new ConcurrentHashMap<>();

        final Map<Day, Counts> days = new ConcurrentHashMap<>();

        final ConcurrentLinkedQueue<CallError> errors = new ConcurrentLinkedQueue<>();

        final AtomicInteger errorCount = new AtomicInteger();

        void call(RequesterId requester, Instant at) {
            counts(requester, at).calls.incrementAndGet();
        }

        void error(RequesterId requester, Instant at) {
            counts(requester, at).errors.incrementAndGet();
        }

        private Counts counts(RequesterId requester, Instant at) {
            return days.computeIfAbsent(new Day(requester, LocalDate.ofInstant(at, ZoneOffset.UTC)),
                    day -> new Counts());
        }
    }
}
