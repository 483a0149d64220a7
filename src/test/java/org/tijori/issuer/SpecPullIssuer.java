package org.tijori.issuer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * An issuer's Pull URI endpoint written from DigiLocker's published documents, not from Tijori's code:
 * {@code reference/digilocker-issuer-openapi.yaml} (operation "Pull Uri": a {@code POST} of
 * {@code application/xml}; the header {@code x-digilocker-hmac}, "the hmac of the HTTP request body using SHA256
 * ... and the API Key ... converted to Base64"; the schema {@code PullURIRequest} with the attributes
 * {@code ver}, {@code ts}, {@code txn}, {@code orgId}, {@code format} and {@code DocDetails} with
 * {@code DocType} and {@code DigiLockerId}; the schema {@code PullURIResponse}) and the request template of the
 * issuer specification, whose root carries {@code xmlns="http://tempuri.org/"}. Each request is checked exactly
 * so and, when anything is off, refused with 400 (401 for the MAC) and the reason kept in {@link #refusals}.
 * A request that passes is answered by the {@link Answer} the test set for the issuer.
 */
final class SpecPullIssuer implements AutoCloseable {

    static final String NAMESPACE = "http://tempuri.org/";

    /** A minimal PDF, as an issuer's PDF-only answer would carry. */
    static final byte[] PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    /** What was wrong with each refused request. */
    final List<String> refusals = new CopyOnWriteArrayList<>();

    /** The {@code DocDetails} of the last request that passed, by element name. */
    final AtomicReference<Map<String, String>> lastDetails = new AtomicReference<>();

    /** The body of the last request that passed. */
    final AtomicReference<String> lastBody = new AtomicReference<>();

    private final Map<String, Served> issuers = new java.util.concurrent.ConcurrentHashMap<>();

    private final HttpServer server;

    private SpecPullIssuer(HttpServer server) {
        this.server = server;
    }

    static SpecPullIssuer start(String address) throws IOException {
        SpecPullIssuer endpoint = new SpecPullIssuer(HttpServer.create(new InetSocketAddress(address, 0), 0));
        endpoint.server.createContext("/pulluri", endpoint::handle);
        endpoint.server.setExecutor(Executors.newFixedThreadPool(2));
        endpoint.server.start();
        return endpoint;
    }

    String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + "/pulluri";
    }

    /**
     * Answers requests for {@code orgId}, checking their MAC with {@code apiKey}, Base64 of the raw MAC or,
     * with {@code hexMac}, Base64 of its hex digits (what some live issuers check).
     */
    void serve(String orgId, String apiKey, boolean hexMac, Function<Map<String, String>, Answer> answers) {
        issuers.put(orgId, new Served(apiKey, hexMac, answers));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        List<String> wrong = new ArrayList<>();
        if (!"POST".equals(exchange.getRequestMethod())) {
            wrong.add("method " + exchange.getRequestMethod());
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/xml")) {
            wrong.add("Content-Type " + contentType);
        }
        Element root;
        try {
            root = parse(body).getDocumentElement();
        }
        catch (Exception e) {
            refuse(exchange, 400, "not XML: " + e.getMessage());
            return;
        }
        if (!"PullURIRequest".equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI())) {
            wrong.add("root {" + root.getNamespaceURI() + "}" + root.getLocalName());
        }
        for (String attribute : List.of("ver", "ts", "txn", "orgId", "format")) {
            if (root.getAttribute(attribute).isBlank()) {
                wrong.add("attribute " + attribute + " missing");
            }
        }
        if (!Set.of("xml", "pdf", "both").contains(root.getAttribute("format"))) {
            wrong.add("format " + root.getAttribute("format"));
        }
        Served served = issuers.get(root.getAttribute("orgId"));
        if (served == null) {
            refuse(exchange, 400, "unknown orgId " + root.getAttribute("orgId"));
            return;
        }
        String expected = served.hexMac
                ? Base64.getEncoder().encodeToString(HexFormat.of().formatHex(mac(served.apiKey, body))
                        .getBytes(StandardCharsets.US_ASCII))
                : Base64.getEncoder().encodeToString(mac(served.apiKey, body));
        String offered = exchange.getRequestHeaders().getFirst("x-digilocker-hmac");
        if (offered == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                offered.getBytes(StandardCharsets.US_ASCII))) {
            refuse(exchange, 401, "x-digilocker-hmac does not match");
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        Element docDetails = null;
        for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && "DocDetails".equals(element.getLocalName())
                    && NAMESPACE.equals(element.getNamespaceURI())) {
                docDetails = element;
            }
        }
        if (docDetails == null) {
            wrong.add("no DocDetails in the namespace");
        }
        else {
            for (Node node = docDetails.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element) {
                    details.put(element.getLocalName(), element.getTextContent());
                }
            }
            for (String element : List.of("DocType", "DigiLockerId")) {
                if (details.getOrDefault(element, "").isBlank()) {
                    wrong.add(element + " missing");
                }
            }
        }
        if (!wrong.isEmpty()) {
            refuse(exchange, 400, String.join("; ", wrong));
            return;
        }
        lastDetails.set(details);
        lastBody.set(new String(body, StandardCharsets.UTF_8));
        Answer answer = served.answers.apply(details);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>")
                .append("<PullURIResponse xmlns:ns2=\"").append(NAMESPACE).append("\"><ResponseStatus Status=\"")
                .append(answer.status()).append("\" ts=\"").append(root.getAttribute("ts")).append("\" txn=\"")
                .append(root.getAttribute("txn")).append("\">").append(answer.status()).append("</ResponseStatus>");
        if (answer.uri() != null) {
            xml.append("<DocDetails><DocType>").append(details.get("DocType")).append("</DocType><DigiLockerId>")
                    .append(details.get("DigiLockerId")).append("</DigiLockerId><URI>").append(answer.uri())
                    .append("</URI>");
            if (answer.pdf() != null) {
                xml.append("<DocContent>").append(Base64.getEncoder().encodeToString(answer.pdf()))
                        .append("</DocContent>");
            }
            if (answer.xml() != null) {
                xml.append("<DataContent>").append(Base64.getEncoder().encodeToString(answer.xml()))
                        .append("</DataContent>");
            }
            xml.append("</DocDetails>");
        }
        xml.append("</PullURIResponse>");
        reply(exchange, 200, xml.toString());
    }

    private void refuse(HttpExchange exchange, int status, String why) throws IOException {
        refusals.add(why);
        reply(exchange, status, "<Error>" + status + "</Error>");
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Document parse(byte[] body) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
    }

    private static byte[] mac(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * How the issuer answers a request that passed its checks.
     *
     * @param status 1 found, 0 not found, 9 pending
     * @param uri the found document's URI, or null
     * @param xml the signed Certificate XML ({@code DataContent}), or null
     * @param pdf the PDF ({@code DocContent}), or null
     */
    record Answer(String status, String uri, byte[] xml, byte[] pdf) {

        static Answer notFound() {
            return new Answer("0", null, null, null);
        }
    }

    private record Served(String apiKey, boolean hexMac, Function<Map<String, String>, Answer> answers) {
    }
}
