package org.tijori.issuer.intake;

/**
 * A request to one of Tijori's own issuer endpoints that its headers sign (API.md 4.5), as received:
 * {@code x-tijori-clientid}, {@code x-tijori-ts} (Unix seconds), {@code x-tijori-nonce} (16 to 64 letters and
 * digits, once per issuer), {@code x-tijori-content-sha256} (hex SHA-256 of the body) and {@code x-tijori-hmac},
 * the hex HMAC-SHA256 keyed by the client secret of the client ID, method, path, ts, nonce and content hash
 * joined by {@code "\n"}.
 *
 * @param method the HTTP method, such as {@code GET}
 * @param path the path as sent, without the query, such as {@code /public/issuer/issuedoc/1/bulk}
 */
public record SignedIssuerRequest(String clientId, String method, String path, String ts, String nonce,
        String contentSha256, String hmac) {

    /** Whether the method carries a body; the others sign the hash of nothing. */
    boolean hasBody() {
        return !"GET".equals(method) && !"HEAD".equals(method) && !"DELETE".equals(method);
    }
}
