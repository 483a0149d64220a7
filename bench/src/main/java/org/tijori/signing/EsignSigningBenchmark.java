package org.tijori.signing;

import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.util.unit.DataSize;

import org.tijori.Concurrently;

/**
 * Signing a PDF of about 1 MiB at PAdES B-LT through {@link EsignSignatures}, as the locker's e-sign calls it after
 * the OTP (issue 18 "Benchmarks": 50 a second or more, p99 under 300 ms): a certificate issued for each signing to
 * a new EC P-256 key, the PDF copied to a temporary file and parsed from it, the signature time-stamped by Tijori's
 * own authority and written as an incremental update with the DSS. No application or database is started: the CA
 * is made in memory, as {@link EsignAuthority} would hold it; the CRL is one signed beforehand, as it is cached.
 * <p>
 * The anchor is {@code openssl speed ecdsap256} in the same run (one thread): each signing makes three ECDSA
 * signatures (the certificate, the CMS, the time-stamp) and one P-256 key pair.
 *
 * <pre>
 * ./mvnw -q -Pbench test-compile exec:exec -Dbench.main=org.tijori.signing.EsignSigningBenchmark
 * ./mvnw -q -Pbench test-compile exec:exec -Dbench.main=org.tijori.signing.EsignSigningBenchmark -Dbench.args="threads=2 seconds=10 warmup=3"
 * </pre>
 *
 * Arguments: {@code threads=N} (the cores), {@code seconds=N} measured (10), {@code warmup=N} seconds before (3),
 * {@code pages=N} of the PDF, each a 1,000,000-byte image (1), {@code visible=false} for an invisible signature,
 * {@code anchor=false} to skip openssl.
 */
public final class EsignSigningBenchmark {

    private EsignSigningBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = argument(args, "threads", Runtime.getRuntime().availableProcessors());
        int seconds = argument(args, "seconds", 10);
        int warmup = argument(args, "warmup", 3);
        int pages = argument(args, "pages", 1);
        boolean anchor = !List.of(args).contains("anchor=false");
        boolean visible = !List.of(args).contains("visible=false");
        Path directory = Files.createTempDirectory("tijori-esign-bench-");
        try {
            Path pdf = LargePdfSigning.write(directory.resolve("bench.pdf"), pages);
            Clock clock = Clock.systemUTC();
            CertificateAuthority ca = CertificateAuthority.generate(URI.create("https://tijori.example.gov.in"),
                    Instant.now(), Duration.ofDays(365));
            OwnTimeStampAuthority tsa = new OwnTimeStampAuthority(ca, clock, Duration.ofDays(365));
            byte[] crl = PadesSigner.der(ca.crl(List.<BigInteger>of(), Instant.now(),
                    Instant.now().plus(Duration.ofDays(1))));
            EsignSignatures signatures = new EsignSignatures(ca, tsa, () -> crl, new PadesSigner.Limits(
                    DataSize.ofMegabytes(50), 2_000, Duration.ofSeconds(60), DataSize.ofMegabytes(256), directory),
                    clock, Duration.ofMinutes(10));
            SignerIdentity signer = new SignerIdentity("Asha Verma", true, UUID.randomUUID());
            PdfSignatureOptions options = new PdfSignatureOptions("I agree", "Pune",
                    visible ? PdfSignatureOptions.VisibleSignature.onPage(1) : null);

            run(signatures, pdf, signer, options, threads, warmup);
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger done = new AtomicInteger();
            double took = run(signatures, pdf, signer, options, threads, seconds, latencies, done);

            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("PDF %,d bytes, %d page(s), %s signature; %d thread(s), %d s measured after %d s warm-up; "
                    + "%d cores, %s %s%n", Files.size(pdf), pages, visible ? "visible" : "invisible", threads, seconds, warmup, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name"), System.getProperty("java.version"));
            System.out.println("| PAdES B-LT signing, 1 MiB PDF | value |");
            System.out.println("|---|---|");
            System.out.printf("| signings a second | %,.1f |%n", done.get() / took);
            System.out.printf("| p50 | %.1f ms |%n", percentile(sorted, 50) / 1e6);
            System.out.printf("| p99 | %.1f ms |%n", percentile(sorted, 99) / 1e6);
            System.out.printf("| max | %.1f ms |%n", sorted.get(sorted.size() - 1) / 1e6);
            if (anchor) {
                System.out.println();
                System.out.println("anchor: openssl speed -seconds 3 ecdsap256 (one thread)");
                Process openssl = new ProcessBuilder("openssl", "speed", "-seconds", "3", "ecdsap256")
                        .redirectErrorStream(true).start();
                String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                openssl.waitFor();
                output.lines().filter(line -> line.contains("sign") || line.contains("ecdsa (nistp256)"))
                        .forEach(System.out::println);
            }
        }
        finally {
            try (var files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private static void run(EsignSignatures signatures, Path pdf, SignerIdentity signer, PdfSignatureOptions options,
            int threads, int seconds) throws Exception {
        run(signatures, pdf, signer, options, threads, seconds, new ArrayList<>(), new AtomicInteger());
    }

    /** Signs on {@code threads} threads until {@code seconds} have passed; answers the seconds it took. */
    private static double run(EsignSignatures signatures, Path pdf, SignerIdentity signer,
            PdfSignatureOptions options, int threads, int seconds, List<Long> latencies, AtomicInteger done)
            throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        return Concurrently.run(threads, threads, thread -> {
            while (System.nanoTime() < deadline) {
                long started = System.nanoTime();
                try (InputStream in = Files.newInputStream(pdf)) {
                    signatures.signPdf(in, OutputStream.nullOutputStream(), signer, options);
                }
                latencies.add(System.nanoTime() - started);
                done.incrementAndGet();
            }
        });
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static int argument(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 1));
            }
        }
        return fallback;
    }
}
