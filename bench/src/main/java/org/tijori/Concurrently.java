package org.tijori;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs numbered steps on a fixed number of threads, each taking the next number until all are done,
 * and says how long that took.
 */
public final class Concurrently {

    private Concurrently() {
    }

    /** One step of a benchmark, given its number. */
    public interface Step {
        void run(int i) throws Exception;
    }

    /** @return the seconds the {@code count} steps took on {@code threads} threads */
    public static double run(int threads, int count, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    step.run(i);
                }
                return null;
            });
        }
        long start = System.nanoTime();
        try {
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
        }
        finally {
            pool.shutdown();
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
