package org.tijori.issuer;

import org.tijori.issuer.intake.IssuerRequestAuthentication;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.tijori.signing.TestIssuerKeys;

/**
 * A real HTTP endpoint that plays the Pull URI service of the issuers it serves: it checks Tijori's HMAC
 * and key hash with the API key of the issuer the request names, and answers by the roll number's
 * prefix: {@code none} not found (Status 0), {@code later} pending (9), {@code slow} found after 2.5 s,
 * {@code broken} HTTP 503, {@code forged} a document signed by a stranger, {@code trickle} an answer of a
 * byte every 100 ms for 30 s, {@code huge} 100 MB as fast as Tijori takes them, {@code other} a document
 * issued to {@link #OTHER_UID}, {@code nouid} a document naming no national ID but the request's
 * {@code FullName} and {@code DOB} ({@code nouid-other}: Priya Nair's), anything else found. A found
 * document names the request's {@code UID}, or {@link #DEFAULT_UID} when the request carries none.
 */
public final class TestPullEndpoint implements AutoCloseable {

    /** The national ID a found document names when the request carries none: Priya Nair's. */
    public static final String DEFAULT_UID = "999952601814";

    /** The national ID of someone else, whom {@code other} documents name: Priya Nair's. */
    public static final String OTHER_UID = "999952601814";

    /** The last request that proved its issuer, as received. */
    final AtomicReference<String> lastRequest = new AtomicReference<>();

    /** How many bytes of answers were written, for answers that Tijori is meant to cut off. */
    final AtomicLong bytesSent = new AtomicLong();

    /** How many requests reached the endpoint. */
    public final AtomicInteger calls = new AtomicInteger();

    /** How many of them did not prove which issuer they were for. */
    final AtomicInteger unauthenticatedCalls = new AtomicInteger();

    private final Map<String, TestIssuer> issuers = new ConcurrentHashMap<>();

    private final TestIssuerKeys stranger = TestIssuerKeys.generate("Someone else");

    private final HttpServer server;

    private TestPullEndpoint(HttpServer server) {
        this.server = server;
    }

    public static TestPullEndpoint start() throws IOException {
        return start("127.0.0.1");
    }

    /** An endpoint on one of this machine's loopback addresses, such as {@code 127.0.0.2}. */
    public static TestPullEndpoint start(String address) throws IOException {
        var endpoint = new TestPullEndpoint(HttpServer.create(new InetSocketAddress(address, 0), 0));
        endpoint.server.createContext("/pull", endpoint::answer);
        endpoint.server.setExecutor(Executors.newFixedThreadPool(4));
        endpoint.server.start();
        return endpoint;
    }

    /** The address to register as an issuer's Pull URI endpoint. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port() + "/pull";
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers for this issuer from now on, with its API key. */
    public void serve(TestIssuer issuer) {
        issuers.put(issuer.issuerId, issuer);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String request = new String(body, StandardCharsets.UTF_8);
        TestIssuer issuer = issuers.get(attribute(request, "orgId"));
        String ts = attribute(request, "ts");
        boolean authentic = issuer != null && Base64.getEncoder().encodeToString(IssuerRequestAuthentication.hmac(body,
                issuer.apiKey.getBytes(StandardCharsets.UTF_8))).equals(exchange.getRequestHeaders()
                .getFirst("x-digilocker-hmac"))
                && IssuerRequestAuthentication.keyhash(issuer.apiKey.getBytes(StandardCharsets.UTF_8), ts)
                        .equals(attribute(request, "keyhash"));
        if (!authentic) {
            unauthenticatedCalls.incrementAndGet();
            reply(exchange, 401, "");
            return;
        }
        lastRequest.set(request);
        String rollno = element(request, "rollno");
        String uid = element(request, "UID").isEmpty() ? DEFAULT_UID : element(request, "UID");
        if (rollno.startsWith("trickle")) {
            trickle(exchange);
            return;
        }
        if (rollno.startsWith("huge")) {
            flood(exchange);
            return;
        }
        if (rollno.startsWith("slow")) {
            try {
                Thread.sleep(2_500);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (rollno.startsWith("broken")) {
            reply(exchange, 503, "");
            return;
        }
        String status = rollno.startsWith("none") ? "0" : rollno.startsWith("later") ? "9" : "1";
        String details = "";
        if ("1".equals(status)) {
            byte[] certificate;
            if (rollno.startsWith("forged")) {
                certificate = new TestIssuer(issuer.issuerId, stranger).signedCertificate("HSCER", rollno, uid, "Someone");
            }
            else if (rollno.startsWith("other")) {
                certificate = issuer.signedCertificate("HSCER", rollno, OTHER_UID, "Priya Nair");
            }
            else if (rollno.startsWith("nouid-other")) {
                certificate = issuer.signedCertificate("HSCER", rollno, null, "Priya Nair", "02-11-1992");
            }
            else if (rollno.startsWith("nouid")) {
                certificate = issuer.signedCertificate("HSCER", rollno, null, element(request, "FullName"),
                        element(request, "DOB"));
            }
            else {
                certificate = issuer.signedCertificate("HSCER", rollno, uid, "Resident");
            }
            details = "<DocDetails><DocType>HSCER</DocType><URI>" + issuer.issuerId + "-HSCER-" + rollno + "</URI>"
                    + "<DataContent>" + Base64.getEncoder().encodeToString(certificate) + "</DataContent>"
                    + "<DocContent>" + Base64.getEncoder().encodeToString("%PDF-1.4\n%%EOF\n".getBytes(
                            StandardCharsets.US_ASCII)) + "</DocContent></DocDetails>";
        }
        reply(exchange, 200, "<PullURIResponse><ResponseStatus Status=\"" + status + "\" ts=\"" + ts + "\" txn=\""
                + attribute(request, "txn") + "\"/>" + details + "</PullURIResponse>");
    }

    /** The start of an answer, then a byte every 100 ms: no read ever waits long, the answer never ends. */
    private void trickle(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("<PullURIResponse>".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 300; i++) {
                Thread.sleep(100);
                out.write(' ');
                out.flush();
                bytesSent.incrementAndGet();
            }
            out.write("</PullURIResponse>".getBytes(StandardCharsets.US_ASCII));
        }
        catch (IOException e) {
            // Tijori hung up, as it should.
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finally {
            exchange.close();
        }
    }

    /** 100 MB of an answer, as fast as the connection takes them. */
    private void flood(HttpExchange exchange) {
        byte[] spaces = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("<PullURIResponse>".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 1600; i++) {
                    out.write(spaces);
                    bytesSent.addAndGet(spaces.length);
                }
                out.write("</PullURIResponse>".getBytes(StandardCharsets.US_ASCII));
            }
        }
        catch (IOException e) {
            // Tijori hung up, as it should.
        }
        finally {
            exchange.close();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static String attribute(String xml, String name) {
        Matcher matcher = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(xml);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static String element(String xml, String name) {
        Matcher matcher = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return matcher.find() ? matcher.group(1) : "";
    }
}
