package org.tijori.issuer.idcard;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor.TaskResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.AccountId;
import org.tijori.identity.NationalIdLinks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives residents who linked a national ID before cards existed their card: once the application is ready, on a
 * thread of its own, {@value #BATCH} linked accounts at a time, each reconciled as a new link would be. One node
 * runs it at a time (ShedLock {@value #LOCK}); another node that starts meanwhile leaves it to that one. It is
 * cheap once done: a page of linked accounts whose cards are all held is one query more.
 */
@Component
public class CardBackfill {

    static final String LOCK = "issuer-id-cards";

    static final int BATCH = 500;

    /** Extended every half of it while the backfill runs (the lock provider keeps it alive); a dead node's lapses. */
    private static final Duration LOCK_AT_MOST = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(CardBackfill.class);

    private final NationalIdCards cards;

    private final NationalIdLinks nationalIds;

    private final ObjectProvider<LockProvider> locks;

    private final Clock clock;

    private volatile boolean stopping;

    /**
     * @param locks the application's, absent only when the issuer module starts alone (its module tests), which
     *              is one node
     */
    CardBackfill(NationalIdCards cards, NationalIdLinks nationalIds, ObjectProvider<LockProvider> locks, Clock clock) {
        this.cards = cards;
        this.nationalIds = nationalIds;
        this.locks = locks;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        Thread thread = new Thread(() -> {
            try {
                runLocked();
            }
            catch (RuntimeException e) {
                if (!stopping) {
                    log.warn("The national-ID card backfill stopped; it runs again at the next start", e);
                }
            }
        }, "id-card-backfill");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        stopping = true;
    }

    /**
     * Runs the backfill unless another node holds its lock.
     *
     * @return how many cards it issued, or -1 when another node was running it
     */
    public int runLocked() {
        LockProvider provider = locks.getIfAvailable();
        if (provider == null) {
            return backfill();
        }
        try {
            TaskResult<Integer> result = new DefaultLockingTaskExecutor(provider).executeWithLock(this::backfill,
                    new LockConfiguration(clock.instant(), LOCK, LOCK_AT_MOST, Duration.ZERO));
            return result.wasExecuted() ? result.getResult() : -1;
        }
        catch (RuntimeException e) {
            throw e;
        }
        catch (Throwable e) {
            throw new IllegalStateException("The national-ID card backfill failed", e);
        }
    }

    /**
     * Reconciles every linked account that holds no card, a batch at a time, whatever another node does.
     *
     * @return how many cards it issued
     */
    public int backfill() {
        int issued = 0;
        AccountId after = null;
        while (!stopping) {
            List<AccountId> linked = nationalIds.linkedAccounts(after, BATCH);
            if (linked.isEmpty()) {
                break;
            }
            Set<AccountId> holding = cards.holding(linked);
            for (AccountId account : linked) {
                if (stopping) {
                    break;
                }
                if (!holding.contains(account)) {
                    issued += issue(account);
                }
            }
            after = linked.get(linked.size() - 1);
        }
        if (issued > 0) {
            log.info("Issued {} national-ID cards to residents who linked their national ID before", issued);
        }
        return issued;
    }

    private int issue(AccountId account) {
        try {
            return cards.reconcile(account) == NationalIdCards.Reconciled.ISSUED ? 1 : 0;
        }
        catch (RuntimeException e) {
            log.warn("The national-ID card of account {} could not be issued; the next start tries again: {}",
                    account.value(), e.toString());
            return 0;
        }
    }
}
