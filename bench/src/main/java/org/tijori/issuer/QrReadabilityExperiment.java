package org.tijori.issuer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.tijori.issuer.rendering.CertificateRenderer;
import org.tijori.issuer.rendering.RenderingStylesheets;
import org.tijori.verify.proof.ProofKey;
import org.tijori.verify.proof.ProofKeys;
import org.tijori.verify.proof.ProofSigner;

/**
 * How many of Tijori's printed QR codes ZXing fails to read, over many PDFs: the measure behind the way the code is
 * drawn (ADR 22, "The QR code on A4"). Each PDF is drawn by {@link CertificateRenderer} for a varied document (the
 * layout above the code varies, so the code lands at varied heights and on the first or second page), its page is
 * drawn by PDFBox at the given resolutions and read as {@link PrintedQrCode} reads it (framed by 10 mm, ZXing
 * without {@code TRY_HARDER}), sharp and after a 3x3 blur. Half the links carry a real signed proof for a random
 * subject (IDs and names of every length the proof allows, Latin or Devanagari), half are random text of 350 to
 * 1,350 characters (versions 14 to 30).
 *
 * <pre>
 * ./mvnw -q -Pbench test-compile exec:exec -Dbench.main=org.tijori.issuer.QrReadabilityExperiment \
 *     -Dbench.args="pdfs=2000 seed=1 dpi=150"
 * </pre>
 *
 * Arguments: {@code pdfs=N} (1000), {@code seed=N} (1), {@code dpi=A,B,...} the resolutions to read at (150).
 */
public final class QrReadabilityExperiment {

    private static final String BASE = "https://tijori.example.gov.in";

    private static final String LATIN = "abcdefghijklmnopqrstuvwxyz";

    private static final String ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/-";

    private static final String PROOF_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

    private static final DocumentStatus[] STATUSES = DocumentStatus.values();

    private QrReadabilityExperiment() {
    }

    public static void main(String[] args) throws Exception {
        int pdfs = Integer.parseInt(argument(args, "pdfs", "1000"));
        Random random = new Random(Long.parseLong(argument(args, "seed", "1")));
        String[] resolutions = argument(args, "dpi", "150").split(",");
        RenderingStylesheets stylesheets = new RenderingStylesheets(Duration.ofSeconds(5), 100_000);
        ProofSigner signer = new ProofSigner(new ProofKeys(List.of(ProofKey.generate(1, Instant.EPOCH, Instant.EPOCH))),
                BASE, Clock.systemUTC());
        String[] randomLink = new String[1];
        CertificateRenderer signed = new CertificateRenderer(BASE, stylesheets, signer);
        CertificateRenderer unsigned = new CertificateRenderer(BASE, stylesheets, subject -> randomLink[0]);
        Map<String, int[]> failures = new TreeMap<>();
        Map<Integer, int[]> byVersion = new TreeMap<>();
        long drawing = 0;
        for (int i = 0; i < pdfs; i++) {
            String issuer = issuerId(random);
            String docType = text(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 2 + random.nextInt(11));
            String docId = "D" + text(random, ID_CHARACTERS, random.nextInt(100)).replace("//", "/x");
            DocumentUri uri = DocumentUri.parse(issuer + "-" + docType + "-" + docId);
            String name = name(random);
            byte[] certificate = random.nextInt(4) == 0 ? null
                    : TestIssuer.certificateXml(docType, docId, "9999" + (41057000 + i), name)
                            .getBytes(StandardCharsets.UTF_8);
            DocumentStatus status = random.nextInt(4) == 0 ? STATUSES[random.nextInt(STATUSES.length)]
                    : DocumentStatus.ACTIVE;
            CertificateRenderer renderer = i % 2 == 0 ? signed : unsigned;
            randomLink[0] = BASE + "/verify/" + uri + "?p="
                    + text(random, PROOF_CHARACTERS, 350 + random.nextInt(1000) - BASE.length() - uri.toString().length());
            String docName = "Certificate " + text(random, LATIN + "    ", random.nextInt(120));
            String issuerName = "Board " + text(random, LATIN + "   ", random.nextInt(150));
            long started = System.nanoTime();
            byte[] pdf = renderer.render(new CertificateRenderer.Subject(uri, 1 + random.nextInt(3), docName, status,
                    LocalDate.of(2014, 5, 15), random.nextBoolean() ? LocalDate.of(2014, 5, 15) : null,
                    random.nextInt(3) == 0 ? LocalDate.of(2030, 1, 1) : null, issuerName, null), certificate, null);
            drawing += System.nanoTime() - started;
            String link;
            try (PDDocument document = Loader.loadPDF(pdf)) {
                link = document.getDocumentInformation().getCustomMetadataValue(CertificateRenderer.VERIFICATION_ENTRY);
            }
            int version = version(link);
            int[] counts = byVersion.computeIfAbsent(version, v -> new int[2]);
            counts[0]++;
            boolean failed = false;
            for (String dpi : resolutions) {
                String[] read = PrintedQrCode.readings(pdf, Float.parseFloat(dpi));
                int[] count = failures.computeIfAbsent(dpi, d -> new int[3]);
                boolean sharp = link.equals(read[0]);
                boolean blurred = link.equals(read[1]);
                count[0] += sharp ? 0 : 1;
                count[1] += blurred ? 0 : 1;
                count[2] += sharp && blurred ? 0 : 1;
                if (!(sharp && blurred)) {
                    failed = true;
                    System.out.printf("PDF %d (version %d, %d characters) at %s dpi: sharp %s, blurred %s%n", i,
                            version, link.length(), dpi, sharp ? "read" : "FAILED", blurred ? "read" : "FAILED");
                }
            }
            counts[1] += failed ? 1 : 0;
        }
        System.out.printf("%n%d PDFs, drawn in %.2f ms each on average (with the page drawing and reading not counted)%n",
                pdfs, drawing / 1e6 / pdfs);
        System.out.println("| dpi | sharp failed | blurred failed | either failed |");
        System.out.println("|---|---|---|---|");
        failures.forEach((dpi, count) -> System.out.printf("| %s | %d | %d | %d |%n", dpi, count[0], count[1], count[2]));
        System.out.println();
        System.out.println("| version | PDFs | failed at some resolution |");
        System.out.println("|---|---|---|");
        byVersion.forEach((version, count) -> System.out.printf("| %d | %d | %d |%n", version, count[0], count[1]));
    }

    private static int version(String link) throws WriterException {
        return Encoder.encode(link, ErrorCorrectionLevel.M).getVersion().getVersionNumber();
    }

    private static String issuerId(Random random) {
        StringBuilder id = new StringBuilder("in.gov.");
        int length = 8 + random.nextInt(57);
        while (id.length() < length) {
            id.append(LATIN.charAt(random.nextInt(LATIN.length())));
            if (id.length() < length - 1 && random.nextInt(8) == 0) {
                id.append('.');
            }
        }
        return id.toString();
    }

    private static String name(Random random) {
        int length = 3 + random.nextInt(98);
        if (random.nextBoolean()) {
            StringBuilder name = new StringBuilder();
            while (name.length() < length) {
                name.appendCodePoint(random.nextInt(6) == 0 ? ' ' : 0x0905 + random.nextInt(0x0939 - 0x0905));
            }
            return name.toString().strip() + "\u0905";
        }
        String first = LATIN.toUpperCase().charAt(random.nextInt(26)) + text(random, LATIN + " ", length);
        return first.strip();
    }

    private static String text(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(Math.max(length, 0));
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String argument(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
