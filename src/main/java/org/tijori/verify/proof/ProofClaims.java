package org.tijori.verify.proof;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import org.tijori.issuer.DocumentUri;

/**
 * The payload of a proof (ADR 22, API.md section 6), in the one order Tijori writes it:
 * {@code uri, iss, iat, docType, issuer, issuedOn, holder, sha256, ver}. {@code issuedOn} is left out when
 * unknown, {@code holder} and {@code sha256} when the URI was pushed without Certificate XML. No {@code exp}:
 * a printed document is checked for decades, and the live status says whether it still counts.
 *
 * @param iss the address of the installation that signed it, without a trailing slash
 * @param sha256 base64url (unpadded) of the SHA-256 of the Certificate XML as issued, or {@code null}
 * @param ver the version of the document the proof is for
 */
public record ProofClaims(DocumentUri uri, String iss, Instant iat, LocalDate issuedOn, String holder, String sha256,
        int ver) {

    private static final Pattern SHA256 = Pattern.compile("[A-Za-z0-9_-]{43}");

    public ProofClaims {
        if (uri == null || iss == null || iat == null || ver < 1) {
            throw new IllegalArgumentException("A proof names a URI, its issuer, when it was made and a version.");
        }
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 is 32 bytes in unpadded base64url.");
        }
    }

    /** The Issuer ID, as the {@code issuer} claim. */
    public String issuer() {
        return uri.issuer().value();
    }

    /** The doc type code, as the {@code docType} claim. */
    public String docType() {
        return uri.docType().value();
    }

    /** The hex SHA-256 of the Certificate XML, as the repository keeps it, or {@code null}. */
    public String xmlSha256Hex() {
        return sha256 == null ? null : HexFormat.of().formatHex(java.util.Base64.getUrlDecoder().decode(sha256));
    }

    /** The base64url form of a hex SHA-256, as the {@code sha256} claim. */
    static String sha256Claim(String hex) {
        return hex == null ? null
                : java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(hex));
    }

    /** The payload's JSON, UTF-8. */
    byte[] toJson() {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"uri\":").append(quote(uri.toString()))
                .append(",\"iss\":").append(quote(iss))
                .append(",\"iat\":").append(iat.getEpochSecond())
                .append(",\"docType\":").append(quote(docType()))
                .append(",\"issuer\":").append(quote(issuer()));
        if (issuedOn != null) {
            json.append(",\"issuedOn\":").append(quote(issuedOn.toString()));
        }
        if (holder != null) {
            json.append(",\"holder\":").append(quote(holder));
        }
        if (sha256 != null) {
            json.append(",\"sha256\":").append(quote(sha256));
        }
        json.append(",\"ver\":").append(ver).append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the claims of a payload whose signature has been verified: each of the right type, and
     * {@code issuer} and {@code docType} those of {@code uri}. Claims it does not know are ignored.
     *
     * @throws IllegalArgumentException when a claim is missing or of the wrong type
     */
    static ProofClaims from(Map<String, Object> payload) {
        DocumentUri uri = DocumentUri.parse(string(payload, "uri", true));
        if (!uri.issuer().value().equals(string(payload, "issuer", true))
                || !uri.docType().value().equals(string(payload, "docType", true))) {
            throw new IllegalArgumentException("issuer and docType are those of the URI");
        }
        String issuedOn = string(payload, "issuedOn", false);
        try {
            return new ProofClaims(uri, string(payload, "iss", true), Instant.ofEpochSecond(number(payload, "iat")),
                    issuedOn == null ? null : LocalDate.parse(issuedOn), string(payload, "holder", false),
                    string(payload, "sha256", false), Math.toIntExact(number(payload, "ver")));
        }
        catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("a claim is out of range", e);
        }
    }

    private static String string(Map<String, Object> payload, String name, boolean required) {
        Object value = payload.get(name);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(name + " is a string");
        }
        return text;
    }

    private static long number(Map<String, Object> payload, String name) {
        if (!(payload.get(name) instanceof Long value)) {
            throw new IllegalArgumentException(name + " is an integer");
        }
        return value;
    }

    /** A JSON string: quotes, backslashes and control characters escaped (RFC 8259), the rest as it is. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
