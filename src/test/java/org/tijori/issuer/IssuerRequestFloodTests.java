package org.tijori.issuer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.issuer.intake.IssuerRequestAdmission;
import org.tijori.issuer.intake.IssuerRequestAuthentication;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a stranger can make Tijori read and build through the endpoints that take no sign-in, attacked over
 * raw sockets from addresses of their own on the loopback network (each test has its own, so that each has its
 * own budget): a body whose HMAC is wrong is refused before it is parsed; an address past its budget, a body
 * past the size cap and a body beyond this node's memory for bodies are answered before their first byte is
 * read; a proven issuer's body past the bounds on elements is refused while counted; a multipart body is
 * bounded before any parser reads it. Each of these attacks, on the code before issue 13, got a body read
 * to its end or parsed into a DOM first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + IssuerRequestFloodTests.TOKEN, "tijori.issuer.registrations-per-address=1000",
        "tijori.issuer.unproven-requests-per-address=3", "tijori.issuer.push-memory=20MB",
        "tijori.issuer.push-memory-wait=300ms" })
class IssuerRequestFloodTests {

    static final String TOKEN = "issuer-flood-tests-bootstrap-token-0123456789";

    private static final String PUSH = "/public/issuer/issuedoc/1/xml";

    /** The default cap on a push's body, twenty megabytes. */
    private static final long MAX_PUSH = 20L * 1024 * 1024;

    private static final AtomicInteger issuers = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    IssuerRequestAdmission admission;

    @Test
    void aBodyWhoseHmacIsWrongIsRefusedBeforeItIsParsed() throws Exception {
        TestIssuer issuer = approvedIssuer();
        // Well-formed at its start, which names the issuer, and broken further on: only a parser would notice.
        String broken = start(issuer) + "<a/>".repeat(1_000) + "<UriDetails>";

        HttpResponse<String> stranger = new WebClient(port).post(PUSH, "application/xml",
                broken.getBytes(StandardCharsets.UTF_8), "x-digilocker-hmac", "bm90IHRoZSBobWFj");
        HttpResponse<String> proven = new WebClient(port).post(PUSH, "application/xml",
                broken.getBytes(StandardCharsets.UTF_8), "x-digilocker-hmac", issuer.hmac(broken));

        assertThat(stranger.statusCode()).isEqualTo(401);
        assertThat(stranger.body()).contains("code=\"invalid_hmac\"");
        // The same body, proven, is parsed: and that is where it fails.
        assertThat(proven.statusCode()).isEqualTo(400);
        assertThat(proven.body()).contains("code=\"invalid_xml\"");
    }

    @Test
    void aProvenIssuersBodyWithMoreElementsThanAnyDocumentIsRefusedWhileCounted() throws Exception {
        TestIssuer issuer = approvedIssuer();
        String flood = start(issuer) + "<UriDetails>" + "<a/>".repeat(150_000) + "</UriDetails></PushUriRequest>";

        HttpResponse<String> pushed = new WebClient(port).post(PUSH, "application/xml",
                flood.getBytes(StandardCharsets.UTF_8), "x-digilocker-hmac", issuer.hmac(flood));

        assertThat(pushed.statusCode()).isEqualTo(413);
        assertThat(pushed.body()).contains("code=\"request_too_complex\"").contains("100000 elements");
    }

    @Test
    void anAddressPastItsBudgetIsAnsweredBeforeItsBodyIsRead() throws Exception {
        String from = "127.0.0.31";
        String small = "<PushUriRequest orgId=\"in.gov.nobody\"><UriDetails/></PushUriRequest>";
        for (int i = 0; i < 3; i++) {
            assertThat(send(from, head(PUSH, "application/xml", small.length()) + small)).startsWith("HTTP/1.1 401");
        }
        assertThat(send(from, head(PUSH, "application/xml", small.length()) + small)).startsWith("HTTP/1.1 429");

        // Twenty megabytes announced, none sent: the answer comes without waiting for them.
        String answer = send(from, head(PUSH, "application/xml", MAX_PUSH));

        assertThat(answer).startsWith("HTTP/1.1 429").contains("too_many_requests");
    }

    @Test
    void aBodyLargerThanTheCapIsRefusedByItsDeclaredLength() throws Exception {
        String answer = send("127.0.0.32", head(PUSH, "application/xml", MAX_PUSH + 1));

        assertThat(answer).startsWith("HTTP/1.1 413").contains("request_too_large");
    }

    @Test
    void bodiesHeldAtOnceStayWithinTheNodesMemoryForThem() throws Exception {
        // The first announces the largest body and sends it slowly: it holds all twenty megabytes of the budget.
        try (Socket holder = connect("127.0.0.33")) {
            holder.getOutputStream().write((head(PUSH, "application/xml", MAX_PUSH) + "<PushUriRequest")
                    .getBytes(StandardCharsets.US_ASCII));
            holder.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(this::memoryForBodiesIsTaken);

            String second = send("127.0.0.34", head(PUSH, "application/xml", MAX_PUSH));

            assertThat(second).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 5").contains("busy");
        }
        // Its share comes back when it goes: a small push is read again.
        String small = "<PushUriRequest orgId=\"in.gov.nobody\"><UriDetails/></PushUriRequest>";
        String later = await().atMost(Duration.ofSeconds(10))
                .until(() -> send("127.0.0.35", head(PUSH, "application/xml", small.length()) + small),
                        answer -> !answer.startsWith("HTTP/1.1 503"));
        assertThat(later).startsWith("HTTP/1.1 401");
    }

    @Test
    void aDigiLockerFormIsBoundedBeforeItsMultipartBodyIsParsed() throws Exception {
        String multipart = "multipart/form-data; boundary=b";

        String tooLarge = send("127.0.0.36", head("/public/account/1/pushuri", multipart, 100L * 1024 * 1024));
        String unknownLength = send("127.0.0.36", "POST /public/account/1/pushuri HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: " + multipart + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");

        assertThat(tooLarge).startsWith("HTTP/1.1 413").contains("request_too_large");
        assertThat(unknownLength).startsWith("HTTP/1.1 411").contains("Content-Length");
    }

    @Test
    void aStrangersMultipartBodyToAPageIsBoundedBeforeTheCsrfCheckReadsIt() throws Exception {
        String tooLarge = send("127.0.0.37", head("/locker/upload", "multipart/form-data; boundary=b",
                100L * 1024 * 1024));

        assertThat(tooLarge).startsWith("HTTP/1.1 413");
    }

    @Test
    void aFilePartWhereDigiLockerExpectsAFieldIsAClearError() throws Exception {
        TestIssuer issuer = approvedIssuer();

        HttpResponse<String> answer = new WebClient(port).postMultipart("/public/account/1/pushuri",
                issuer.form(Map.of("digilockerid", "00000000-0000-0000-0000-000000000000")), "datacontent",
                "certificate.xml", "<Certificate/>".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("'datacontent' has the wrong form")
                .doesNotContain("java.").doesNotContain("Exception");
    }

    /** Whether the node holds no room for another largest body: a probe for one is turned away. */
    private boolean memoryForBodiesIsTaken() {
        if (admission.admit(null, MAX_PUSH) instanceof IssuerRequestAdmission.Admitted probe) {
            probe.close();
            return false;
        }
        return true;
    }

    private TestIssuer approvedIssuer() throws Exception {
        TestIssuer issuer = new TestIssuer("in.gov.flood" + issuers.incrementAndGet(),
                TestIssuerKeys.generate("Flood"));
        return issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"), TOKEN);
    }

    private static String start(TestIssuer issuer) {
        String ts = TestIssuer.now();
        return "<PushUriRequest ver=\"1.0\" ts=\"" + ts + "\" txn=\"" + TestIssuer.newTxn() + "\" orgId=\""
                + issuer.issuerId + "\" keyhash=\"" + IssuerRequestAuthentication.keyhash(
                        issuer.apiKey.getBytes(StandardCharsets.UTF_8), ts) + "\">";
    }

    private static String head(String path, String contentType, long length) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n";
    }

    private Socket connect(String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        // An answer that waits for a body never sent is the defect: it shows as a timeout.
        socket.setSoTimeout(5000);
        return socket;
    }

    /** Sends {@code request} from {@code from} and returns the answer's head and body, as far as they come. */
    private String send(String from, String request) throws IOException {
        try (Socket socket = connect(from)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.UTF_8).contains("\r\n\r\n") && complete(answer)) {
                        break;
                    }
                }
            }
            catch (SocketTimeoutException e) {
                return "no answer within 5 s; got: " + answer.toString(StandardCharsets.UTF_8);
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Whether the answer's body has come as far as its Content-Length, or the answer has no body. */
    private static boolean complete(ByteArrayOutputStream answer) {
        String text = answer.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        var length = java.util.regex.Pattern.compile("(?i)content-length: *([0-9]+)").matcher(text.substring(0, end));
        return length.find() && text.length() - end - 4 >= Integer.parseInt(length.group(1));
    }
}
