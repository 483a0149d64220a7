package org.tijori.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Commits the intents of stores that run side by side together. A store's intent must be committed before
 * its object is written (ADR 4: whatever dies in between leaves an intent, and the orphan collector removes
 * the object). Each intent in a transaction of its own cost every store a second pooled connection, four
 * round trips and a flush of PostgreSQL's log, and with sixteen pushes at once the pool ran dry. Here one
 * store at a time commits: it takes every intent that arrived meanwhile, commits them in one statement, and
 * releases their stores; the others wait for that commit instead of making their own. No store goes on
 * before the commit that holds its intent has succeeded, and a failed commit fails every store in it.
 */
final class IntentBatches {

    /** One statement carries at most this many intents; more wait for the next. */
    static final int MOST = 256;

    private final Consumer<List<Intent>> commit;

    private final Object lock = new Object();

    private List<Waiting> waiting = new ArrayList<>();

    private boolean committing;

    /**
     * @param commit commits the intents given, all or none, before it returns; it runs on one thread at a time
     */
    IntentBatches(Consumer<List<Intent>> commit) {
        this.commit = commit;
    }

    /**
     * Returns once {@code intent} is committed, with the intents of other stores that were waiting.
     *
     * @throws RuntimeException what the commit that held the intent threw; the intent is then not recorded
     */
    void commit(Intent intent) {
        Waiting mine = new Waiting(intent);
        boolean interrupted = false;
        List<Waiting> batch = new ArrayList<>();
        try {
            synchronized (lock) {
                waiting.add(mine);
                while (committing && !mine.done) {
                    try {
                        lock.wait();
                    }
                    catch (InterruptedException e) {
                        // The store goes on once its intent is committed; the interrupt is kept for its caller.
                        interrupted = true;
                    }
                }
                if (mine.done) {
                    rethrow(mine.failure);
                    return;
                }
                committing = true;
                waiting.remove(mine);
                batch.add(mine);
                while (!waiting.isEmpty() && batch.size() < MOST) {
                    batch.add(waiting.remove(0));
                }
            }
            RuntimeException failure = null;
            try {
                commit.accept(batch.stream().map(each -> each.intent).toList());
            }
            catch (RuntimeException e) {
                failure = e;
            }
            synchronized (lock) {
                for (Waiting each : batch) {
                    each.done = true;
                    each.failure = failure;
                }
                committing = false;
                lock.notifyAll();
            }
            rethrow(failure);
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void rethrow(RuntimeException failure) {
        if (failure != null) {
            throw failure;
        }
    }

    /** An object about to be written, and when its store began. */
    record Intent(BlobId id, Instant createdAt) {
    }

    private static final class Waiting {

        final Intent intent;

        boolean done;

        RuntimeException failure;

        Waiting(Intent intent) {
            this.intent = intent;
        }
    }
}
