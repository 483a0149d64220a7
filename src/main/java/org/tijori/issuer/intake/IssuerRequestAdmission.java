package org.tijori.issuer.intake;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.tijori.account.FailureBudget;
import org.tijori.account.RateLimits;
import org.tijori.account.RateLimits.RateLimit;
import org.tijori.issuer.IssuerProperties;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Decides whether an issuer request that has not yet proven anything is read at all: the first line of
 * defence of the endpoints a stranger reaches without signing in (the XML push, DigiLocker's forms, the
 * status change).
 * <p>
 * Three limits, in this order, each before a byte of the body is read:
 * <ol>
 * <li>An address whose requests keep failing to prove their issuer is answered 429 unread. Every such
 * failure takes a token of the address's hourly budget ({@code tijori.issuer.unproven-requests-per-address})
 * in the shared store; once the budget is spent, this node remembers the address for a minute and refuses it
 * from memory, so a flood from one address costs neither a body read nor a database round trip.</li>
 * <li>A body larger than {@code tijori.issuer.max-push-size} is refused by its declared length.</li>
 * <li>Bodies held in memory at once are bounded, in megabytes, by {@code tijori.issuer.push-memory} (and never
 * more than a quarter of the heap): a request waits a little for its share, then is answered 503. Eight
 * strangers' 20 MB bodies then hold at most that much, whatever their number.</li>
 * </ol>
 * A request that proves its issuer costs nothing from the budget: its token is only ever taken when it fails.
 */
@Component
public class IssuerRequestAdmission {

    private static final long MEGABYTE = 1024 * 1024;

    private final FailureBudget unproven;

    private final Semaphore memory;

    private final long maxBodyBytes;

    private final Duration wait;

    IssuerRequestAdmission(RateLimits limits, IssuerProperties properties, Clock clock) {
        this.unproven = new FailureBudget(limits, new RateLimit("issuer-unproven-address",
                properties.unprovenRequestsPerAddress(), Duration.ofHours(1)), clock);
        this.maxBodyBytes = properties.maxPushSize().toBytes();
        long quarterOfHeap = Runtime.getRuntime().maxMemory() / 4;
        long budget = Math.min(properties.pushMemory().toBytes(), quarterOfHeap);
        // At least one largest body fits, or a genuine large push could never be taken.
        this.memory = new Semaphore((int) Math.max(megabytes(maxBodyBytes), budget / MEGABYTE));
        this.wait = properties.pushMemoryWait();
    }

    /**
     * Admits a request from {@code address} that declares a body of {@code declaredLength} bytes ({@code -1}
     * when it does not say), or says why not. An admitted request must be {@linkplain Admitted#close() closed}
     * when its body is no longer held.
     */
    public Admission admit(String address, long declaredLength) {
        if (address != null && !unproven.turnedAway(address).isZero()) {
            return Turned.RATE_LIMITED;
        }
        if (declaredLength > maxBodyBytes) {
            return Turned.TOO_LARGE;
        }
        // A body of unknown length may grow to the largest: its share is taken for the worst.
        int share = megabytes(declaredLength < 0 ? maxBodyBytes : declaredLength);
        try {
            if (!memory.tryAcquire(share, wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return Turned.BUSY;
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Turned.BUSY;
        }
        return new Admitted(this, share);
    }

    /** The largest body taken; a larger one is refused before it is read. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Counts a request from {@code address} that failed to prove its issuer.
     *
     * @return false when the address's budget was already spent: the caller answers 429 and records nothing
     *         more, so that nobody floods the activity trail
     */
    boolean countUnproven(String address) {
        if (address == null) {
            return true;
        }
        return unproven.count(address);
    }

    /** Forgets addresses whose minute is over, so that the map holds only the current flood. */
    @Scheduled(initialDelay = 60_000, fixedDelay = 60_000)
    void forgetPast() {
        unproven.forgetPast();
    }

    private static int megabytes(long bytes) {
        return (int) Math.max(1, (bytes + MEGABYTE - 1) / MEGABYTE);
    }

    /** Whether a request is read: admitted, or turned away and why. */
    public sealed interface Admission permits Admitted, Turned {
    }

    /** A request admitted; closing it gives back its share of memory. */
    public static final class Admitted implements Admission, AutoCloseable {

        private final IssuerRequestAdmission owner;

        private final int share;

        private boolean closed;

        private Admitted(IssuerRequestAdmission owner, int share) {
            this.owner = owner;
            this.share = share;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                owner.memory.release(share);
            }
        }
    }

    /** Why a request was turned away unread. */
    public enum Turned implements Admission {
        /** Its address sent too many requests that did not prove their issuer: 429. */
        RATE_LIMITED,
        /** Its body is larger than allowed: 413. */
        TOO_LARGE,
        /** Too many bodies are held already: 503, try again shortly. */
        BUSY
    }
}
