package org.tijori.signing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * An external RFC 3161 time-stamp authority over HTTP ({@code tijori.esign.tsa-url}): a request with a nonce and
 * the certificate asked for, within a bounded time and response size. A token is taken only when it is granted,
 * covers exactly the digest and nonce sent, is signed by the certificate it carries (one for time-stamping only),
 * and states a time within a few minutes of ours.
 */
final class RemoteTimeStampAuthority implements TimeStampAuthority {

    /** How far a token's time may be from ours. */
    static final Duration SKEW = Duration.ofMinutes(5);

    private static final SecureRandom random = new SecureRandom();

    /** Threads that read answers, so that a stalled one blocks none of the common pool's. */
    private static final ExecutorService readers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "tijori-tsa-reader");
        thread.setDaemon(true);
        return thread;
    });

    private final URI url;

    private final Duration timeout;

    private final long maxResponse;

    private final Clock clock;

    private final HttpClient http;

    /** The certificates the last token carried: the authority's chain as far as it sends it. */
    private volatile List<byte[]> lastCertificates = List.of();

    RemoteTimeStampAuthority(URI url, Duration timeout, long maxResponse, Clock clock) {
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxResponse = maxResponse;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public TimeStampToken stamp(byte[] sha256) {
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        TimeStampRequest request = requests.generate(TSPAlgorithms.SHA256, sha256, new BigInteger(64, random));
        byte[] answer = post(request);
        TimeStampResponse response;
        try {
            response = new TimeStampResponse(answer);
            response.validate(request);
        }
        catch (TSPException | IOException | RuntimeException e) {
            throw new TimeStampUnavailableException("The time-stamp authority at " + url
                    + " gave no token for the request: " + e.getMessage(), e);
        }
        TimeStampToken token = response.getTimeStampToken();
        if (token == null) {
            throw new TimeStampUnavailableException("The time-stamp authority at " + url + " refused the request: "
                    + response.getStatusString());
        }
        checkSignature(token);
        List<byte[]> certificates = new ArrayList<>();
        for (X509CertificateHolder certificate : token.getCertificates().getMatches(null)) {
            try {
                certificates.add(certificate.getEncoded());
            }
            catch (IOException e) {
                throw new TimeStampUnavailableException("The time-stamp authority's certificate cannot be encoded", e);
            }
        }
        lastCertificates = List.copyOf(certificates);
        Instant stated = token.getTimeStampInfo().getGenTime().toInstant();
        Instant now = clock.instant();
        if (stated.isBefore(now.minus(SKEW)) || stated.isAfter(now.plus(SKEW))) {
            throw new TimeStampUnavailableException("The time-stamp authority at " + url + " stated the time "
                    + stated + ", more than " + SKEW + " from ours (" + now + ")");
        }
        return token;
    }

    /** The certificates the last token carried; none before the first token. */
    @Override
    public List<byte[]> certificates() {
        return lastCertificates;
    }

    private void checkSignature(TimeStampToken token) {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = token.getCertificates().getMatches(token.getSID());
        if (matches.isEmpty()) {
            throw new TimeStampUnavailableException("The time-stamp authority at " + url
                    + " sent a token without its certificate");
        }
        try {
            // Checks the signature, the signing certificate attribute and the certificate's time-stamping purpose.
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(matches.iterator().next()));
        }
        catch (Exception e) {
            throw new TimeStampUnavailableException("The time-stamp authority at " + url
                    + " sent a token that does not verify: " + e.getMessage(), e);
        }
    }

    private byte[] post(TimeStampRequest request) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/timestamp-query")
                    .header("Accept", "application/timestamp-reply")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        }
        catch (IOException e) {
            throw new TimeStampUnavailableException("The time-stamp authority at " + url + " could not be reached: "
                    + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeStampUnavailableException("Interrupted while asking " + url + " for a time-stamp", e);
        }
        InputStream body = response.body();
        // The request's timeout ends at the answer's headers; the body gets what is left of the same time.
        CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> {
            try (body) {
                if (response.statusCode() != 200) {
                    throw new TimeStampUnavailableException("The time-stamp authority at " + url + " answered HTTP "
                            + response.statusCode());
                }
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponse + 1));
                if (bytes.length > maxResponse) {
                    throw new TimeStampUnavailableException("The time-stamp authority at " + url
                            + " answered more than " + maxResponse + " bytes");
                }
                return bytes;
            }
            catch (IOException e) {
                throw new TimeStampUnavailableException("The time-stamp authority at " + url
                        + " broke off its answer: " + e.getMessage(), e);
            }
        }, readers);
        long left = deadline - System.nanoTime();
        try {
            return reading.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            closeQuietly(body);
            throw new TimeStampUnavailableException("The time-stamp authority at " + url + " did not finish its "
                    + "answer within " + timeout, e);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof TimeStampUnavailableException unavailable) {
                throw unavailable;
            }
            throw new TimeStampUnavailableException("The time-stamp authority's answer could not be read", e);
        }
        catch (InterruptedException e) {
            closeQuietly(body);
            Thread.currentThread().interrupt();
            throw new TimeStampUnavailableException("Interrupted while reading " + url + "'s time-stamp", e);
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        }
        catch (IOException e) {
            // The answer is abandoned either way.
        }
    }
}
