package org.tijori.issuer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tijori.issuer.rendering.CertificateRenderer;
import org.tijori.issuer.rendering.RenderingStylesheets;
import org.tijori.verify.proof.ProofKey;
import org.tijori.verify.proof.ProofKeys;
import org.tijori.verify.proof.ProofSigner;

/**
 * What Tijori's proof adds to drawing an issued document's PDF (issue 15: less than 5 % more). The same sample
 * documents are drawn by one renderer whose QR code carries a signed proof ({@link ProofSigner}, ES256, a code of
 * version 18 or so, read back before it is printed) and by one whose code holds the proof-less link of before
 * (a code of version 5 or so). Each round draws a batch with each, the order alternating; the median of the
 * rounds is reported, of the clock and of the drawing thread's CPU time. The proof-less renderer is the anchor: both run in the same JVM, on the same documents.
 *
 * <pre>
 * ./mvnw -q -Pbench test-compile exec:exec -Dbench.main=org.tijori.issuer.ProofRenderingBenchmark
 * </pre>
 *
 * Arguments: {@code documents=N} a batch (400), {@code rounds=N} (5), {@code warmup=N} documents drawn with each
 * renderer first (2000).
 */
public final class ProofRenderingBenchmark {

    private static final String BASE = "https://tijori.example.gov.in";

    private ProofRenderingBenchmark() {
    }

    public static void main(String[] args) {
        int documents = argument(args, "documents", 400);
        int rounds = argument(args, "rounds", 5);
        int warmup = argument(args, "warmup", 2000);
        RenderingStylesheets stylesheets = new RenderingStylesheets(Duration.ofSeconds(5), 100_000);
        ProofSigner signer = new ProofSigner(new ProofKeys(List.of(ProofKey.generate(1, Instant.EPOCH, Instant.EPOCH))),
                BASE, Clock.systemUTC());
        CertificateRenderer withProof = new CertificateRenderer(BASE, stylesheets, signer);
        CertificateRenderer withoutProof = new CertificateRenderer(BASE, stylesheets,
                subject -> BASE + "/verify/" + subject.uri());
        List<byte[]> certificates = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            certificates.add(TestIssuer.certificateXml("HSCER", "2014" + (100000 + i), "9999" + (41057000 + i),
                    i % 2 == 0 ? "Aarav Sharma" : "Gurpreet Kaur Sandhu").getBytes(StandardCharsets.UTF_8));
        }
        draw(withProof, certificates, warmup);
        draw(withoutProof, certificates, warmup);
        double[][] with = new double[2][rounds];
        double[][] without = new double[2][rounds];
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 0) {
                record(with, round, draw(withProof, certificates, documents));
                record(without, round, draw(withoutProof, certificates, documents));
            }
            else {
                record(without, round, draw(withoutProof, certificates, documents));
                record(with, round, draw(withProof, certificates, documents));
            }
            System.out.printf("round %d: with the proof %.2f ms a PDF (CPU %.2f ms), without %.2f ms (CPU %.2f ms)%n",
                    round + 1, with[0][round], with[1][round], without[0][round], without[1][round]);
        }
        double withMedian = median(with[0]);
        double withoutMedian = median(without[0]);
        double withCpu = median(with[1]);
        double withoutCpu = median(without[1]);
        System.out.printf("%ncores=%d, %d PDFs a batch, %d rounds, after %d of each%n",
                Runtime.getRuntime().availableProcessors(), documents, rounds, warmup);
        System.out.println("| measure (median of rounds) | wall | CPU of the drawing thread |");
        System.out.println("|---|---|---|");
        System.out.printf("| a PDF drawn with the signed proof in its QR code | %.2f ms | %.2f ms |%n", withMedian, withCpu);
        System.out.printf("| a PDF drawn with the proof-less link of before (anchor) | %.2f ms | %.2f ms |%n",
                withoutMedian, withoutCpu);
        System.out.printf("| what the proof adds (target < 5 %%) | %.1f %% | %.1f %% |%n",
                100 * (withMedian / withoutMedian - 1), 100 * (withCpu / withoutCpu - 1));
    }

    private static void record(double[][] series, int round, double[] measured) {
        series[0][round] = measured[0];
        series[1][round] = measured[1];
    }

    /**
     * Draws {@code count} PDFs, cycling through the samples; answers the mean milliseconds a PDF, of the clock and of
     * this thread's CPU (which other processes on a busy machine disturb less).
     */
    private static double[] draw(CertificateRenderer renderer, List<byte[]> certificates, int count) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            byte[] certificate = certificates.get(i % certificates.size());
            DocumentUri uri = DocumentUri.parse("in.gov.cbse-HSCER-2014" + (100000 + i % certificates.size()));
            bytes += renderer.render(new CertificateRenderer.Subject(uri, 1, "Class XII Marksheet",
                    DocumentStatus.ACTIVE, LocalDate.of(2014, 5, 15), LocalDate.of(2014, 5, 15), null,
                    "Central Board of Secondary Education", sha256(certificate)), certificate, null).length;
        }
        if (bytes == 0) {
            throw new IllegalStateException("no PDF was drawn");
        }
        return new double[] { (System.nanoTime() - started) / 1e6 / count,
                (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / count };
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
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
