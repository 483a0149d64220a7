package org.tijori.signing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.util.unit.DataSize;

/**
 * Checking a signed 1 MiB PDF (issue 18: at least 100 a second): {@link SignatureValidation#check} as
 * {@code POST /api/v1/esign/verify} calls it, on a file on disk, without the HTTP upload. The PDF is drawn and signed
 * at start (PAdES with a signature time-stamp, an EC P-256 signer of a test CA taken as Tijori's, about 1 MiB of
 * incompressible content); every check must come out {@code TOTAL_PASSED}. No database, no web server.
 *
 * <pre>
 * ./mvnw -q -Pbench test-compile exec:exec -Dbench.main=org.tijori.signing.SignatureVerificationBenchmark
 * ./mvnw -q -Pbench test-compile exec:exec -Dbench.main=org.tijori.signing.SignatureVerificationBenchmark \
 *   -Dbench.args="checks=3000 threads=2 warmup=1000 size=1048576"
 * </pre>
 *
 * Arguments: {@code checks=N} measured (2000), {@code threads=N} checking at once (the processors), {@code warmup=N}
 * checks first (1000), {@code size=bytes} of content in the PDF (1 MiB).
 */
public final class SignatureVerificationBenchmark {

    private SignatureVerificationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // As the application runs DSS (logging.level.eu.europa.esig.dss=ERROR): its INFO lines for every check
        // cost more than some of the checking, and no one reads them.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("eu.europa.esig"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        int checks = argument(args, "checks", 2000);
        int threads = argument(args, "threads", Runtime.getRuntime().availableProcessors());
        int warmup = argument(args, "warmup", 1000);
        int size = argument(args, "size", 1024 * 1024);
        TestEsignPki pki = TestEsignPki.create("Benchmark e-sign CA");
        byte[] pdf = pki.signPdf(TestEsignPki.pdf("Benchmark agreement", size - 4096),
                pki.signer("Asha Verma", "LOCKER-0001"), true, false);
        Path file = Files.createTempFile("tijori-esign-bench-", ".pdf");
        Files.write(file, pdf);
        try (SignatureValidation validation = new SignatureValidation(new SignatureValidationProperties(null,
                new SignatureValidationProperties.Verify(DataSize.ofMegabytes(50), 1, Duration.ofSeconds(60),
                        threads)), () -> List.of(pki.ca()))) {
            System.out.printf("a signed PDF of %,d bytes; %d threads, %d cores%n", pdf.length, threads,
                    Runtime.getRuntime().availableProcessors());
            run(validation, file, warmup, threads);
            long started = System.nanoTime();
            long[] latencies = run(validation, file, checks, threads);
            double seconds = (System.nanoTime() - started) / 1e9;
            Arrays.sort(latencies);
            System.out.printf("warm-up %d, then %d checks in %.2f s: %.1f checks/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    warmup, checks, seconds, checks / seconds, latencies[latencies.length / 2] / 1e6,
                    latencies[(int) Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] / 1e6,
                    latencies[latencies.length - 1] / 1e6);
            System.out.printf("target (issue 18): >= 100 checks/s: %s%n", checks / seconds >= 100 ? "met" : "NOT met");
        }
        finally {
            Files.deleteIfExists(file);
        }
    }

    /** Runs {@code count} checks on {@code threads} threads; each must pass. Returns each check's latency. */
    private static long[] run(SignatureValidation validation, Path file, int count, int threads) throws Exception {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long started = System.nanoTime();
                        SignedFileReport report = validation.check(file, null);
                        latencies[i] = System.nanoTime() - started;
                        String indication = report.signatures().get(0).indication();
                        if (!"TOTAL_PASSED".equals(indication)) {
                            throw new IllegalStateException("a check came out " + indication);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    private static int argument(String[] args, String name, int otherwise) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 1));
            }
        }
        return otherwise;
    }
}
