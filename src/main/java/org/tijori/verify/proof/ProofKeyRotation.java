package org.tijori.verify.proof;

import java.time.Clock;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.verify.VerifyProperties;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Keeps the proof keys moving (ADR 22): each node reads them again every {@code key-refresh}; one node makes
 * a new key once the newest is {@code key-lifetime} old, and deletes the private halves that a newer key has
 * replaced. An administrator may rotate at any time.
 */
@Service
public class ProofKeyRotation {

    private static final Logger log = LoggerFactory.getLogger(ProofKeyRotation.class);

    private final ProofKeyStore store;

    private final ProofKeys keys;

    private final VerifyProperties properties;

    private final Clock clock;

    ProofKeyRotation(ProofKeyStore store, ProofKeys keys, VerifyProperties properties, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Makes a new key now, listed at once and signing after {@code key-activation-delay}.
     *
     * @return the newest key
     */
    public ProofKey rotate() {
        ProofKey newest = store.rotate();
        refresh();
        return newest;
    }

    /** Reads the keys again on this node. */
    @Scheduled(initialDelayString = "${tijori.verify.key-refresh:1m}", fixedDelayString = "${tijori.verify.key-refresh:1m}")
    public void refresh() {
        keys.replace(store.load());
    }

    /** Rotates when the newest key has lived its time, and retires what a newer key replaced. */
    @Scheduled(initialDelayString = "${tijori.verify.key-refresh:1m}", fixedDelayString = "${tijori.verify.key-refresh:1m}")
    @SchedulerLock(name = "verify-key-rotation")
    public void rotateWhenDue() {
        boolean due = store.newest().map(key -> !key.createdAt().plus(properties.keyLifetime()).isAfter(clock.instant()))
                .orElse(true);
        if (due) {
            ProofKey newest = store.rotate();
            log.info("The proof key lived {}: {} signs from {}", properties.keyLifetime(), newest.kid(),
                    newest.signsFrom());
        }
        if (store.retireSuperseded() > 0) {
            refresh();
        }
    }
}
