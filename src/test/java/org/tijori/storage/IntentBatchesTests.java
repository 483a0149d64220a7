package org.tijori.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Intents of stores running side by side share one commit, and no store goes on before its intent is committed. */
class IntentBatchesTests {

    private final List<List<IntentBatches.Intent>> commits = Collections.synchronizedList(new ArrayList<>());

    private final CountDownLatch firstCommitMayEnd = new CountDownLatch(1);

    @Test
    void intentsThatArriveDuringACommitAreCommittedTogetherInTheNext() throws Exception {
        IntentBatches batches = new IntentBatches(holdingTheFirstCommit(batch -> { }));
        IntentBatches.Intent first = intent();
        Thread leader = storing(batches, first);
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.size() == 1);
        List<IntentBatches.Intent> others = List.of(intent(), intent(), intent());
        List<Thread> waiting = others.stream().map(intent -> storing(batches, intent)).toList();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> waiting.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING));
        assertThat(waiting).as("no store goes on before its intent is committed").allMatch(Thread::isAlive);

        firstCommitMayEnd.countDown();
        for (Thread thread : waiting) {
            thread.join(10_000);
        }
        leader.join(10_000);

        assertThat(commits).hasSize(2);
        assertThat(commits.get(0)).containsExactly(first);
        assertThat(commits.get(1)).as("one commit for the three that waited").containsExactlyInAnyOrderElementsOf(others);
        assertThat(waiting).noneMatch(Thread::isAlive);
    }

    @Test
    void aFailedCommitFailsEveryStoreInItAndTheNextStoresCommitAfresh() throws Exception {
        RuntimeException refused = new IllegalStateException("the database is gone");
        IntentBatches batches = new IntentBatches(holdingTheFirstCommit(batch -> {
            if (commits.size() == 2) {
                throw refused;
            }
        }));
        Future<?> first = CompletableFuture.runAsync(() -> batches.commit(intent()));
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.size() == 1);
        List<Future<?>> failing = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CompletableFuture<Void> store = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    batches.commit(intent());
                    store.complete(null);
                }
                catch (RuntimeException e) {
                    store.completeExceptionally(e);
                }
            });
            thread.start();
            threads.add(thread);
            failing.add(store);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> threads.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING));

        firstCommitMayEnd.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (Future<?> store : failing) {
            assertThatThrownBy(() -> store.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCause(refused);
        }
        assertThat(commits).hasSize(2);
        assertThat(commits.get(1)).hasSize(2);
        IntentBatches.Intent later = intent();
        batches.commit(later);
        assertThat(commits).hasSize(3);
        assertThat(commits.get(2)).containsExactly(later);
    }

    /** Records each commit; the first one ends only when the test lets it. */
    private Consumer<List<IntentBatches.Intent>> holdingTheFirstCommit(Consumer<List<IntentBatches.Intent>> then) {
        return batch -> {
            commits.add(List.copyOf(batch));
            if (commits.size() == 1) {
                try {
                    firstCommitMayEnd.await(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            then.accept(batch);
        };
    }

    private static Thread storing(IntentBatches batches, IntentBatches.Intent intent) {
        Thread thread = new Thread(() -> batches.commit(intent));
        thread.start();
        return thread;
    }

    private static IntentBatches.Intent intent() {
        return new IntentBatches.Intent(new BlobId(UUID.randomUUID()), Instant.now());
    }
}
