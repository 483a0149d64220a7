package org.tijori.issuer.intake;

/**
 * A URI pushed into a locker named by its locker ID, with DigiLocker's form fields as sent
 * ({@code /account/1/pushuri}): dates as {@code DDMMYYYY}, {@code ts} in Unix seconds, {@code hmac}
 * the SHA-256 of the client secret, the client ID and {@code ts}, or of the client secret, the client ID, every
 * field and {@code ts}, in hex or Base64.
 */
public record UriPush(String clientId, String digilockerid, String uri, String doctype, String description,
        String docid, String issuedate, String validfrom, String validto, String action, String ts, String hmac,
        String datacontent, String doccontent) {

    @Override
    public String toString() {
        return "UriPush[clientId=" + clientId + ", uri=" + uri + ", action=" + action + "]";
    }
}
