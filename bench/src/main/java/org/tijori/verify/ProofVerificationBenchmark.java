package org.tijori.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.ProofSubject;
import org.tijori.verify.proof.ProofCheck;
import org.tijori.verify.proof.ProofKey;
import org.tijori.verify.proof.ProofKeys;
import org.tijori.verify.proof.ProofOutcome;
import org.tijori.verify.proof.ProofSigner;

/**
 * The crypto floor of public verification (issue 15): how many ES256 proofs one core checks a second, so that the
 * rate of {@code GET /api/v1/verify/{uri}} can be set against what its one signature verification allows. No anchor
 * measures ECDSA; {@code bench/verify/run.sh} prints {@code openssl speed ecdsap256} beside it.
 * <p>
 * On one thread, over the same 500 proofs signed by {@link ProofSigner} with a fresh key: the JDK's
 * {@code SHA256withECDSA} alone and BouncyCastle's (already on the class path; the signature converted to DER once,
 * beforehand), Nimbus's {@link ECDSAVerifier} with the JDK's provider and with BouncyCastle's (as {@link ProofCheck}
 * calls it since 2026-12-07), the whole {@link ProofCheck#check} of a proof seen for the first time (parsing, header, claims),
 * and of a proof verified before (kept: its SHA-256 and a lookup). Each is run for {@code warmup} seconds, then
 * {@code rounds} rounds of {@code seconds}, in alternating order; the median round is reported.
 *
 * <pre>
 * ./mvnw -q -Pbench test-compile exec:exec -Dbench.main=org.tijori.verify.ProofVerificationBenchmark
 * </pre>
 *
 * Arguments: {@code seconds=N} a round (3), {@code rounds=N} (5), {@code warmup=N} seconds of each first (5).
 */
public final class ProofVerificationBenchmark {

    private static final String BASE = "https://tijori.example.gov.in";

    private static final JWSHeader ES256 = new JWSHeader(JWSAlgorithm.ES256);

    private ProofVerificationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = argument(args, "seconds", 3);
        int rounds = argument(args, "rounds", 5);
        int warmup = argument(args, "warmup", 5);
        ProofKey key = ProofKey.generate(1, Instant.EPOCH, Instant.EPOCH);
        ProofKeys keys = new ProofKeys(List.of(key));
        ProofSigner signer = new ProofSigner(keys, BASE, Clock.systemUTC());
        ProofCheck check = new ProofCheck(keys, BASE, List.of(), 2048, 0);
        ProofCheck keeping = new ProofCheck(keys, BASE, List.of(), 2048, 1000);
        List<Proof> proofs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            DocumentUri uri = DocumentUri.parse("in.gov.cbse-HSCER-2014" + (100000 + i));
            String link = signer.link(new ProofSubject(uri, 1, LocalDate.of(2014, 5, 15), "Aarav Sharma " + i,
                    HexFormat.of().formatHex(new byte[32]).replace('0', Character.forDigit(i % 16, 16))));
            proofs.add(Proof.of(uri.toString(), link.substring(link.indexOf("?p=") + 3)));
        }
        ECDSAVerifier nimbus = new ECDSAVerifier(key.publicKey());
        Provider bc = new BouncyCastleProvider();
        ECDSAVerifier nimbusBc = new ECDSAVerifier(key.publicKey());
        nimbusBc.getJCAContext().setProvider(bc);
        List<Measure> measures = List.of(
                new Measure("JDK SHA256withECDSA (P-256), signature as DER", proof -> {
                    Signature jdk = Signature.getInstance("SHA256withECDSA");
                    jdk.initVerify(key.publicKey());
                    jdk.update(proof.input());
                    return jdk.verify(proof.der());
                }),
                new Measure("Nimbus ECDSAVerifier.verify, JDK provider (as ProofCheck called it before 2026-12-07)",
                        proof -> nimbus.verify(ES256, proof.input(), proof.signature())),
                new Measure("BouncyCastle SHA256withECDSA (P-256), signature as DER", proof -> {
                    Signature bouncy = Signature.getInstance("SHA256withECDSA", bc);
                    bouncy.initVerify(key.publicKey());
                    bouncy.update(proof.input());
                    return bouncy.verify(proof.der());
                }),
                new Measure("Nimbus ECDSAVerifier.verify, BouncyCastle provider (as ProofCheck calls it)",
                        proof -> nimbusBc.verify(ES256, proof.input(), proof.signature())),
                new Measure("ProofCheck.check, a proof seen first (parse, header, verify, claims)",
                        proof -> check.check(proof.uri(), proof.jws()) instanceof ProofOutcome.Verified),
                new Measure("ProofCheck.check, a proof verified before (kept: SHA-256, lookup)",
                        proof -> keeping.check(proof.uri(), proof.jws()) instanceof ProofOutcome.Verified));
        for (Measure measure : measures) {
            measure.run(proofs, warmup);
        }
        double[][] rates = new double[measures.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int m = 0; m < measures.size(); m++) {
                int index = round % 2 == 0 ? m : measures.size() - 1 - m;
                rates[index][round] = measures.get(index).run(proofs, seconds);
            }
            System.out.printf("round %d:", round + 1);
            for (double[] rate : rates) {
                System.out.printf(" %,.0f", rate[round]);
            }
            System.out.println(" a second");
        }
        System.out.printf("%ncores=%d (one thread), %d rounds of %d s after %d s of each, %s %s%n",
                Runtime.getRuntime().availableProcessors(), rounds, seconds, warmup,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        System.out.println("| ES256 verification, one thread | per second (median round) | µs each |");
        System.out.println("|---|---|---|");
        for (int m = 0; m < measures.size(); m++) {
            double median = median(rates[m]);
            System.out.printf("| %s | %,.0f | %.1f |%n", measures.get(m).name(), median, 1e6 / median);
        }
    }

    /** One proof, cut as each measure needs it, beforehand. */
    private record Proof(String uri, String jws, byte[] input, Base64URL signature, byte[] der) {

        static Proof of(String uri, String jws) throws JOSEException {
            int last = jws.lastIndexOf('.');
            Base64URL signature = new Base64URL(jws.substring(last + 1));
            return new Proof(uri, jws, jws.substring(0, last).getBytes(StandardCharsets.US_ASCII), signature,
                    ECDSA.transcodeSignatureToDER(Base64.getUrlDecoder()
                            .decode(signature.toString())));
        }
    }

    private interface Verification {

        boolean verify(Proof proof) throws GeneralSecurityException, JOSEException;
    }

    private record Measure(String name, Verification verification) {

        /** Verifies proofs in turn for about {@code seconds}; answers verifications a second. */
        double run(List<Proof> proofs, int seconds) throws GeneralSecurityException, JOSEException {
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            long started = System.nanoTime();
            long count = 0;
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 100; i++) {
                    if (!verification.verify(proofs.get((int) (count % proofs.size())))) {
                        throw new IllegalStateException(name + " refused a genuine proof");
                    }
                    count++;
                }
            }
            return count / ((System.nanoTime() - started) / 1e9);
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
