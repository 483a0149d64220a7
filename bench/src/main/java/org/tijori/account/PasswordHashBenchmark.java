package org.tijori.account;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id checks a second on this machine, by the number of checks run at once, for each of OWASP's equivalent
 * settings (Password Storage Cheat Sheet: 46 MiB and 1 iteration, 19 MiB and 2, 12 MiB and 3, 9 MiB and 4, 7 MiB
 * and 5; one lane each). Argon2id is memory-hard: on a machine whose cores share their caches and memory bus, two
 * checks at once need not run twice as fast as one, and eight at once can run slower than two. The sign-in rate is
 * bounded by the best line of this table, so it says which setting and how many checks at once serve sign-ins best
 * without going below OWASP's minimum. No application is started: only Spring Security's encoder (Bouncy Castle's
 * Argon2) runs.
 * <p>
 * Arguments (optional): {@code checks=200 threads=1,2,4,8 settings=47104:1,19456:2,12288:3,9216:4,7168:5}
 * (memory in KiB and iterations).
 */
public final class PasswordHashBenchmark {

    public static void main(String[] args) throws Exception {
        int checks = 200;
        int[] threadCounts = { 1, 2, 4, 8 };
        String settings = "47104:1,19456:2,12288:3,9216:4,7168:5";
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            switch (pair[0]) {
                case "checks" -> checks = Integer.parseInt(pair[1]);
                case "threads" -> threadCounts = java.util.Arrays.stream(pair[1].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                case "settings" -> settings = pair[1];
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        System.out.printf("cores=%d checks=%d (each line after %d unmeasured checks)%n%n",
                Runtime.getRuntime().availableProcessors(), checks, Math.max(4, checks / 10));
        var header = new StringBuilder("| setting (OWASP) |");
        var rule = new StringBuilder("|---|");
        for (int threads : threadCounts) {
            header.append(" ").append(threads).append(threads == 1 ? " at a time |" : " at once |");
            rule.append("---|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (String setting : settings.split(",")) {
            String[] parts = setting.split(":");
            int memoryKib = Integer.parseInt(parts[0]);
            int iterations = Integer.parseInt(parts[1]);
            var encoder = new Argon2PasswordEncoder(16, 32, 1, memoryKib, iterations);
            String hash = encoder.encode("a long and unusual phrase");
            var line = new StringBuilder("| " + memoryKib / 1024 + " MiB, t=" + iterations + " |");
            for (int threads : threadCounts) {
                rate(encoder, hash, threads, Math.max(4, checks / 10));
                double perSecond = rate(encoder, hash, threads, checks);
                line.append(String.format(" %.1f a second |", perSecond));
            }
            System.out.println(line);
        }
        System.out.println();
        System.out.println("password hash benchmark done");
    }

    /** Runs {@code checks} comparisons on {@code threads} threads and answers how many finished a second. */
    private static double rate(Argon2PasswordEncoder encoder, String hash, int threads, int checks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var left = new AtomicInteger(checks);
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                running.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        if (!encoder.matches("a long and unusual phrase", hash)) {
                            throw new IllegalStateException("the password did not match its own hash");
                        }
                    }
                }));
            }
            for (Future<?> each : running) {
                each.get();
            }
            return checks / ((System.nanoTime() - started) / 1e9);
        }
        finally {
            pool.shutdownNow();
        }
    }
}
