package org.tijori.issuer.pull;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.tijori.issuer.IssuerProperties;
import org.tijori.issuer.pull.PullAddressReview.ServerCertificate;
import org.tijori.issuer.pull.PullAddresses.AddressRefusedException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Calls to issuers' Pull URI addresses. Each connection goes only to the addresses {@link PullAddresses}
 * resolved and checked for it (the client's own {@link DnsResolver}, so no second look-up can answer
 * otherwise); redirects are not followed; one deadline covers the whole exchange, from connecting to the
 * last byte of the answer, however slowly the issuer sends it; and no more than the largest push is read.
 * Connections are not kept for another call: each one is checked anew.
 */
@Component
public class PullUriCalls implements DisposableBean {

    /** How long the administrators' page waits for an issuer's TLS certificate. */
    static final Duration CERTIFICATE_TIMEOUT = Duration.ofSeconds(3);

    private final PullAddresses addresses;

    private final Duration timeout;

    private final int maxAnswerBytes;

    private final CloseableHttpClient http;

    /** Cuts calls off at their deadline: a read that keeps receiving a byte now and then never times out. */
    private final ScheduledExecutorService deadlines;

    public PullUriCalls(PullAddresses addresses, IssuerProperties properties) {
        this.addresses = addresses;
        this.timeout = properties.pullTimeout();
        this.maxAnswerBytes = (int) Math.min(Integer.MAX_VALUE - 16, properties.maxPushSize().toBytes());
        Timeout each = Timeout.of(timeout);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckedResolver(addresses))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(each)
                                .setSocketTimeout(each).build())
                        .setMaxConnTotal(4 * properties.pullWorkers()).setMaxConnPerRoute(properties.pullWorkers())
                        .build())
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .disableAuthCaching().disableContentCompression()
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "issuer-pull-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * POSTs a Pull URI request and reads the answer.
     *
     * @throws AddressRefusedException when the address is not one Tijori calls (now)
     * @throws DeadlinePassedException when the whole exchange took longer than the pull timeout
     * @throws AnswerTooLargeException when the answer is larger than the largest push
     * @throws IOException when the issuer cannot be reached or the connection fails
     */
    public Answer post(URI address, byte[] body, String hmac) throws IOException {
        Optional<String> scheme = addresses.schemeProblem(address);
        if (scheme.isPresent()) {
            throw new AddressRefusedException(scheme.get());
        }
        HttpPost post = new HttpPost(address);
        post.setHeader("x-digilocker-hmac", hmac);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_XML));
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> cutOff = deadlines.schedule(() -> {
            late.set(true);
            post.cancel();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = http.executeOpen(null, post, null);
            if (response.getCode() != 200) {
                // The body of a refusal is of no use: leave it unread rather than drain it on closing. Closing a
                // cancelled exchange may fail ("Socket closed"); the answer is known by then, so that is no failure.
                int code = response.getCode();
                post.cancel();
                closeQuietly(response);
                return new Answer(code, new byte[0]);
            }
            try (response) {
                return new Answer(200, read(response.getEntity(), post));
            }
        }
        catch (AnswerTooLargeException | AddressRefusedException e) {
            throw e;
        }
        catch (IOException e) {
            // A read that waited the whole timeout and the cut-off of the whole exchange end the same wait: which
            // of the two fires first is chance, and either way the issuer did not answer in time.
            if (late.get() || e instanceof SocketTimeoutException) {
                throw new DeadlinePassedException(timeout);
            }
            throw e;
        }
        finally {
            cutOff.cancel(false);
        }
    }

    private byte[] read(HttpEntity entity, HttpPost post) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() > maxAnswerBytes) {
            post.cancel();
            throw new AnswerTooLargeException(maxAnswerBytes);
        }
        InputStream in = entity.getContent();
        byte[] bytes = in.readNBytes(maxAnswerBytes + 1);
        if (bytes.length > maxAnswerBytes) {
            // Closing a stream that is not at its end would read the rest of it: cancel first.
            post.cancel();
            throw new AnswerTooLargeException(maxAnswerBytes);
        }
        in.close();
        return bytes;
    }

    /**
     * The TLS certificate an https Pull URI address presents, for an administrator to see before approving
     * its issuer: fetched through the same address checks as a call, within {@link #CERTIFICATE_TIMEOUT}.
     * Nothing is sent over the connection, so the certificate is read even when it would not be trusted,
     * and that is said.
     *
     * @throws AddressRefusedException when the address is not one Tijori calls
     * @throws IOException when it cannot be reached or does not speak TLS in time
     */
    ServerCertificate certificateOf(URI address) throws IOException {
        String host = address.getHost();
        InetAddress[] found = addresses.resolve(host);
        int port = address.getPort() == -1 ? 443 : address.getPort();
        Socket raw = new Socket();
        ScheduledFuture<?> cutOff = deadlines.schedule(() -> closeQuietly(raw), CERTIFICATE_TIMEOUT.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            raw.connect(new InetSocketAddress(found[0], port), (int) CERTIFICATE_TIMEOUT.toMillis());
            raw.setSoTimeout((int) CERTIFICATE_TIMEOUT.toMillis());
            RecordingTrust trust = new RecordingTrust(systemTrust());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] { trust }, null);
            String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, name, port, true)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                if (!name.contains(":") && Character.isLetter(name.charAt(name.length() - 1))) {
                    parameters.setServerNames(List.of(new SNIHostName(name)));
                }
                tls.setSSLParameters(parameters);
                tls.startHandshake();
            }
            if (trust.chain == null || trust.chain.length == 0) {
                throw new IOException("no certificate was presented");
            }
            X509Certificate leaf = trust.chain[0];
            return new ServerCertificate(leaf.getSubjectX500Principal().getName(),
                    leaf.getIssuerX500Principal().getName(), leaf.getNotBefore().toInstant(),
                    leaf.getNotAfter().toInstant(), fingerprint(leaf), trust.problem);
        }
        catch (NoSuchAlgorithmException | KeyManagementException | KeyStoreException e) {
            throw new IllegalStateException("every Java runtime speaks TLS with its own trust store", e);
        }
        finally {
            cutOff.cancel(false);
            closeQuietly(raw);
        }
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }

    private static X509ExtendedTrustManager systemTrust() throws NoSuchAlgorithmException, KeyStoreException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new IllegalStateException("the runtime has no X.509 trust manager");
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        }
        catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("a received certificate has its encoding, and SHA-256 exists", e);
        }
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        }
        catch (IOException e) {
            // The exchange was cancelled: its connection is discarded either way.
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException e) {
            // Closing is all that is wanted; a socket that fails to close is closed enough.
        }
    }

    /**
     * An issuer's answer.
     *
     * @param body empty unless the status is 200
     */
    public record Answer(int status, byte[] body) {
    }

    /** Resolves each connection's host through the address checks: the connection uses exactly these. */
    private record CheckedResolver(PullAddresses addresses) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return addresses.resolve(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            // Only asked for Kerberos authentication, which these calls never use.
            return host;
        }
    }

    /**
     * Keeps the certificates a server presents and whether the system would trust them for its name, without
     * refusing them: the administrator is to see an untrusted certificate too. Only for connections over
     * which nothing is sent.
     */
    private static final class RecordingTrust extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager system;

        private X509Certificate[] chain;

        private String problem;

        RecordingTrust(X509ExtendedTrustManager system) {
            this.system = system;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            this.chain = chain;
            try {
                system.checkServerTrusted(chain, authType, socket);
            }
            catch (CertificateException e) {
                problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("only sockets are used here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("the socket is needed to check the server's name");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("this is a client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("this is a client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("this is a client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return system.getAcceptedIssuers();
        }
    }

    /** The exchange took longer than the pull timeout and was cut off. */
    static final class DeadlinePassedException extends IOException {

        DeadlinePassedException(Duration timeout) {
            super("no complete answer within " + timeout.toMillis() + " ms");
        }
    }

    /** The answer was larger than Tijori reads; it was cut off. */
    static final class AnswerTooLargeException extends IOException {

        AnswerTooLargeException(int maxBytes) {
            super("the answer is larger than " + maxBytes + " bytes");
        }
    }
}
