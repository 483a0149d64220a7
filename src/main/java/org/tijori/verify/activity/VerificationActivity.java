package org.tijori.verify.activity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.AccountId;
import org.tijori.account.WindowTally;
import org.tijori.storage.SealedValues;
import org.tijori.verify.events.DocumentVerified;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells residents that their documents were verified (ADR 22, "Activity"). A genuine verification is counted in
 * memory by document, way and verifier, and each window's counts become {@link DocumentVerified} entries, one per
 * document, way and verifier, published from a background thread: a verification desk scanning a thousand papers
 * a minute costs a thousand counters rather than a thousand transactions, and the entries carry no client address
 * because no request is running when they are written.
 * <p>
 * Counts are kept per node and lost if the node dies before its window ends (at most one window). The number of
 * distinct counters is bounded: past {@link #MAX_PENDING} in one window, further verifications of new
 * (document, verifier) pairs are counted only in a metric, so that nobody can fill the heap with them.
 */
@Component
public class VerificationActivity {

    /** Distinct (document, way, verifier) counters one window holds at most. */
    static final int MAX_PENDING = 100_000;

    /** How many entries one transaction writes when a window is flushed. */
    private static final int BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(VerificationActivity.class);

    private final ApplicationEventPublisher events;

    private final TransactionTemplate transactions;

    private final SealedValues sealed;

    private final Clock clock;

    private final Counter dropped;

    /** Held shared while counting and alone while a window is swapped, so that no count lands in a flushed one. */
    private final ReadWriteLock swap = new ReentrantReadWriteLock();

    private Map<Key, WindowTally> pending = new ConcurrentHashMap<>();

    VerificationActivity(ApplicationEventPublisher events, TransactionTemplate transactions, SealedValues sealed,
            Clock clock, MeterRegistry meters) {
        this.events = events;
        this.transactions = transactions;
        this.sealed = sealed;
        this.clock = clock;
        this.dropped = Counter.builder("tijori.verify.activity.dropped")
                .description("Verifications not told to their holders: too many distinct ones in one window")
                .register(meters);
    }

    /** How a document was verified, as the entry names it. */
    public enum How {
        ONLINE("online"), FILE("file");

        private final String name;

        How(String name) {
            this.name = name;
        }
    }

    /**
     * Counts one genuine verification of a held document.
     *
     * @param holder the resident holding the document
     * @param clientAddress the verifier's address, kept in memory only until the window ends
     */
    public void verified(AccountId holder, String uri, int version, How how, String clientAddress) {
        Key key = new Key(holder, uri, version, how, clientAddress == null ? "" : clientAddress);
        Instant now = clock.instant();
        swap.readLock().lock();
        try {
            WindowTally tally = pending.get(key);
            if (tally == null) {
                if (pending.size() >= MAX_PENDING) {
                    dropped.increment();
                    return;
                }
                tally = pending.computeIfAbsent(key, k -> new WindowTally(now));
            }
            tally.add(now);
        }
        finally {
            swap.readLock().unlock();
        }
    }

    /** Writes the window's entries and starts a new window. */
    @Scheduled(initialDelayString = "${tijori.verify.activity-window:1m}",
            fixedDelayString = "${tijori.verify.activity-window:1m}")
    public void flush() {
        Map<Key, WindowTally> window;
        swap.writeLock().lock();
        try {
            window = pending;
            pending = new ConcurrentHashMap<>();
        }
        finally {
            swap.writeLock().unlock();
        }
        if (window.isEmpty()) {
            return;
        }
        List<DocumentVerified> entries = new ArrayList<>(window.size());
        window.forEach((key, tally) -> entries.add(entry(key, tally.counted(), verifier(key.address()))));
        for (int from = 0; from < entries.size(); from += BATCH) {
            List<DocumentVerified> batch = entries.subList(from, Math.min(entries.size(), from + BATCH));
            try {
                transactions.executeWithoutResult(status -> batch.forEach(events::publishEvent));
            }
            catch (RuntimeException e) {
                log.warn("{} verifications could not be told to their holders", batch.size(), e);
            }
        }
    }

    /** A graceful stop tells the window's verifications rather than forgetting them. */
    @PreDestroy
    void stop() {
        flush();
    }

    private String verifier(String address) {
        byte[] fingerprint = sealed.fingerprint("verify/address", address.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(fingerprint, 0, 6);
    }

    private static DocumentVerified entry(Key key, WindowTally.Counted counted, String verifier) {
        return new DocumentVerified(key.holder(), key.uri(), key.version(), key.how().name, verifier, counted.first(),
                counted.last(), counted.times());
    }

    private record Key(AccountId holder, String uri, int version, How how, String address) {
    }
}
