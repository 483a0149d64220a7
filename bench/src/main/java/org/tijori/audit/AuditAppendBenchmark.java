package org.tijori.audit;

import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.tijori.TijoriApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How fast the activity trail takes entries while many threads append at once, compared with the
 * obvious design that chains each entry as it is appended, under one lock on the chain's head.
 * <p>
 * Arguments (all optional): {@code threads=50 entries=100000}; any {@code --name=value} is passed
 * to the application, e.g. {@code --spring.datasource.url=...} to measure an external PostgreSQL.
 */
public final class AuditAppendBenchmark {

    public static void main(String[] args) throws Exception {
        int threads = 50;
        int entries = 100_000;
        List<String> applicationArguments = new ArrayList<>(List.of("--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        for (String arg : args) {
            if (arg.startsWith("threads=")) {
                threads = Integer.parseInt(arg.substring("threads=".length()));
            }
            else if (arg.startsWith("entries=")) {
                entries = Integer.parseInt(arg.substring("entries=".length()));
            }
            else {
                applicationArguments.add(arg);
            }
        }
        if (applicationArguments.stream().noneMatch(arg -> arg.startsWith("--tijori.data-dir="))) {
            applicationArguments.add("--tijori.data-dir=" + Files.createTempDirectory("tijori-bench"));
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TijoriApplication.class)
                .run(applicationArguments.toArray(String[]::new))) {
            new AuditAppendBenchmark(context).run(threads, entries);
        }
    }

    private final AuditTrail trail;

    private final AuditChainer chainer;

    private final AuditLog log;

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private AuditAppendBenchmark(ConfigurableApplicationContext context) {
        this.trail = context.getBean(AuditTrail.class);
        this.chainer = context.getBean(AuditChainer.class);
        this.log = context.getBean(AuditLog.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.transactions = context.getBean(TransactionTemplate.class);
    }

    private void run(int threads, int entries) throws Exception {
        System.out.printf("PostgreSQL: %s%n", jdbc.sql("select version()").query(String.class).single());
        System.out.printf("synchronous_commit=%s fsync=%s%n", jdbc.sql("show synchronous_commit").query(String.class).single(),
                jdbc.sql("show fsync").query(String.class).single());
        System.out.printf("threads=%d entries=%d cores=%d%n%n", threads, entries,
                Runtime.getRuntime().availableProcessors());
        prepareNaiveChain();

        // Warm-up of both designs: JIT, connection pool, table and index pages.
        appendConcurrently(threads, 5_000, i -> record(i));
        chainer.drain();
        appendConcurrently(threads, 5_000, this::appendNaively);

        long chainedBefore = chainedCount();
        long start = System.nanoTime();
        long[] latencies = appendConcurrently(threads, entries, i -> record(i));
        long appended = System.nanoTime();
        while (log.pendingCount() > 0) {
            Thread.sleep(5);
        }
        long chained = System.nanoTime();
        long newlyChained = chainedCount() - chainedBefore;

        long naiveStart = System.nanoTime();
        long[] naiveLatencies = appendConcurrently(threads, entries, this::appendNaively);
        long naiveEnd = System.nanoTime();

        long verifyStart = System.nanoTime();
        AuditVerification verification = trail.verify();
        long verifyEnd = System.nanoTime();

        System.out.println("| design | entries/s appended | p50 append ms | p99 append ms | entries/s chained (end to end) |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf("| Tijori: inbox + batch chainer | %,.0f | %.2f | %.2f | %,.0f |%n",
                rate(entries, start, appended), percentile(latencies, 50), percentile(latencies, 99),
                rate(newlyChained, start, chained));
        System.out.printf("| naive: chain under a lock on the head | %,.0f | %.2f | %.2f | (same) |%n",
                rate(entries, naiveStart, naiveEnd), percentile(naiveLatencies, 50), percentile(naiveLatencies, 99));
        System.out.printf("%nchain catch-up after the last append: %.0f ms%n", (chained - appended) / 1e6);
        System.out.printf("verification: intact=%s, %,d entries in %.2f s (%,.0f entries/s)%n",
                verification.intact(), verification.entriesChecked(), (verifyEnd - verifyStart) / 1e9,
                rate(verification.entriesChecked(), verifyStart, verifyEnd));
        jdbc.sql("drop table bench_naive_entry, bench_naive_head").update();
        if (!verification.intact() || newlyChained != entries) {
            throw new IllegalStateException("the chain is not what was appended: " + verification);
        }
    }

    private void record(int i) {
        trail.record("bench.Appended", "subject-" + (i % 1_000), Map.of("n", Integer.toString(i)));
    }

    private long chainedCount() {
        return jdbc.sql("select seq from audit_head").query(Long.class).single();
    }

    /** The design the trail avoids: every append takes the head row's lock, hashes, inserts, commits. */
    private void appendNaively(int i) {
        transactions.executeWithoutResult(status -> {
            var head = jdbc.sql("select seq, hash from bench_naive_head for update")
                    .query((rs, n) -> new Object[] { rs.getLong(1), rs.getBytes(2) }).single();
            long seq = (long) head[0] + 1;
            byte[] hash = sha256((byte[]) head[1], ("subject-" + (i % 1_000) + "|" + i).getBytes());
            jdbc.sql("insert into bench_naive_entry (seq, subject, details, hash) values (?, ?, ?, ?)")
                    .params(seq, "subject-" + (i % 1_000), "{\"n\":\"" + i + "\"}", hash).update();
            jdbc.sql("update bench_naive_head set seq = ?, hash = ?").params(seq, hash).update();
        });
    }

    private void prepareNaiveChain() {
        jdbc.sql("create table if not exists bench_naive_entry (seq bigint primary key, subject text, details text, hash bytea)")
                .update();
        jdbc.sql("create table if not exists bench_naive_head (seq bigint, hash bytea)").update();
        jdbc.sql("truncate bench_naive_entry, bench_naive_head").update();
        jdbc.sql("insert into bench_naive_head values (0, decode(repeat('00', 32), 'hex'))").update();
    }

    interface Append {
        void append(int i) throws Exception;
    }

    /** @return the latency of every append, in nanoseconds */
    private static long[] appendConcurrently(int threads, int entries, Append append) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long[] latencies = new long[entries];
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            int finalThreads = threads;
            work.add(() -> {
                for (int i = thread; i < entries; i += finalThreads) {
                    long begin = System.nanoTime();
                    append.append(i);
                    latencies[i] = System.nanoTime() - begin;
                }
                return null;
            });
        }
        for (Future<Void> done : pool.invokeAll(work)) {
            done.get();
        }
        pool.shutdown();
        return latencies;
    }

    private static double rate(long count, long fromNanos, long toNanos) {
        return count / ((toNanos - fromNanos) / 1e9);
    }

    private static double percentile(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }

    private static byte[] sha256(byte[] previous, byte[] content) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(previous);
            return digest.digest(content);
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
