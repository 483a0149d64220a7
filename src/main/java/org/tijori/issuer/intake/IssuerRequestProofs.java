package org.tijori.issuer.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import org.tijori.issuer.IssuerProperties;
import org.tijori.issuer.intake.PushOutcome.Refusal;
import org.tijori.issuer.registration.Issuer;
import org.tijori.issuer.registration.IssuerStatus;
import org.tijori.issuer.registration.Issuers;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checks what proves an issuer's request, and takes each proof once (ADR 0016). Two kinds:
 * <ul>
 * <li>DigiLocker's form credential ({@code /public/account/1/pushuri}, {@code /2/verify}): {@code hmac} =
 * SHA-256 of the client secret, the client ID and {@code ts} (the reference's formula), or on the push of the
 * client secret, the client ID, every field and {@code ts} (what live issuers send), in hex or Base64. The
 * reference's formula covers nothing else, so it is kept for compatibility but taken only once: a second
 * request with the same hash is refused, whatever it asks.</li>
 * <li>Requests of Tijori's own endpoints (API.md 4.5): HMAC-SHA256 keyed by the client secret over every
 * value that matters, a fresh {@code ts} and a nonce that the issuer uses once.</li>
 * </ul>
 * What was spent lives in {@code issuer_spent_proof} for as long as the request could still be taken. The
 * caller turns a refusal into its answer, through the path that limits unproven requests per address.
 */
@Component
public class IssuerRequestProofs {

    /** The hex SHA-256 of nothing: what a request without a body signs as its content. */
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9]{16,64}");

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final Issuers issuers;

    private final JdbcClient jdbc;

    private final IssuerProperties properties;

    private final Clock clock;

    IssuerRequestProofs(Issuers issuers, JdbcClient jdbc, IssuerProperties properties, Clock clock) {
        this.issuers = issuers;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * DigiLocker's form credential, taken once: the client ID of an approved issuer, a {@code ts} within the
     * request lifetime, and {@code hmac} = SHA-256 of the client secret, the client ID, the {@code covered}
     * fields as sent (when there are any) and {@code ts}, or of the client secret, the client ID and {@code ts}
     * alone (the reference's formula), in hex or in Base64. The hash that matched is what is spent.
     *
     * @param covered the fields that live issuers hash between the client ID and {@code ts}, in their order;
     *                a missing one counts as empty, so that optional fields left out hash as left out
     */
    Proof proveForm(String clientId, String ts, String hmac, String... covered) {
        Issuer issuer = clientId == null || clientId.isBlank() ? null
                : issuers.findByClientId(clientId.strip()).orElse(null);
        if (issuer == null || issuer.clientSecret() == null) {
            return new Proof.Unproven(Refusal.UNAUTHENTICATED, "invalid_client_id", "The client_id parameter is invalid.");
        }
        Instant sent = epochSecond(ts);
        if (sent == null) {
            return new Proof.Unproven(Refusal.INVALID, "invalid_parameter", "Timestamp parameter is missing or invalid.");
        }
        String secret = new String(issuer.clientSecret(), StandardCharsets.UTF_8);
        byte[] given = formHash(hmac);
        byte[] matched = null;
        List<String> formulas = new ArrayList<>();
        formulas.add(secret + clientId.strip() + ts.strip());
        if (covered.length > 0) {
            // Live DigiLocker issuers hash every field of the push besides the reference's three values.
            formulas.add(secret + clientId.strip() + String.join("", Arrays.stream(covered)
                    .map(field -> field == null ? "" : field).toList()) + ts.strip());
        }
        for (String formula : formulas) {
            byte[] expected = IssuerRequestAuthentication.sha256(formula.getBytes(StandardCharsets.UTF_8));
            if (given != null && MessageDigest.isEqual(expected, given)) {
                matched = expected;
            }
        }
        if (matched == null) {
            return new Proof.Unproven(Refusal.INVALID, "invalid_parameter", "HMAC parameter is missing or invalid.");
        }
        if (!fresh(sent)) {
            return new Proof.Unproven(Refusal.INVALID, "invalid_parameter", "Timestamp parameter is missing or invalid: "
                    + "older than " + properties.requestLifetime().toMinutes() + " minutes or in the future.");
        }
        if (issuer.status() != IssuerStatus.APPROVED) {
            return new Proof.Unproven(Refusal.UNAUTHENTICATED, "invalid_client_id", "The client is not approved.");
        }
        // The hash Tijori computed, not the one sent: in upper-case hex or in Base64 it is the same proof.
        if (!spend(issuer, "form:" + clientId.strip() + ":" + ts.strip() + ":" + HexFormat.of().formatHex(matched))) {
            return new Proof.Unproven(Refusal.INVALID, "replayed_request", "This clientid, ts and hmac were used "
                    + "before, and each is taken once: give every request a ts of its own (a Unix second not used "
                    + "before within the last " + properties.requestLifetime().toMinutes() + " minutes).");
        }
        return new Proof.Proven(issuer);
    }

    /**
     * The 32 bytes of a form's {@code hmac}, sent as hex or as Base64; null when it is neither. A Base64 value
     * sent in a URL-encoded form without escaping arrives with spaces where it had plus signs.
     */
    private static byte[] formHash(String hmac) {
        if (hmac == null) {
            return null;
        }
        String value = hmac.strip();
        if (HEX_SHA256.matcher(value).matches()) {
            return HexFormat.of().parseHex(value);
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(value.replace(' ', '+'));
            return decoded.length == 32 ? decoded : null;
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }


    /**
     * A request of one of Tijori's own endpoints, signed as API.md 4.5 says: {@code hmac} = hex
     * HMAC-SHA256, keyed by the client secret, of {@code message} joined by {@code "\n"}; the message must
     * hold the client ID, {@code ts} and the nonce besides every value the request carries, each exactly as
     * sent. The nonce is taken once per issuer.
     *
     * @param message the values the MAC covers, in the endpoint's order; a missing one counts as empty
     */
    Proof proveSigned(String clientId, String ts, String nonce, String hmac, String... message) {
        Issuer issuer = clientId == null || clientId.isEmpty() ? null : issuers.findByClientId(clientId).orElse(null);
        if (issuer == null || issuer.clientSecret() == null) {
            return new Proof.Unproven(Refusal.UNAUTHENTICATED, "invalid_client_id", "The client ID is missing or "
                    + "unknown.");
        }
        Instant sent = epochSecond(ts);
        if (sent == null || !ts.equals(ts.strip())) {
            return new Proof.Unproven(Refusal.INVALID, "invalid_parameter", "ts must be the time of the request in "
                    + "Unix seconds.");
        }
        if (nonce == null || !NONCE.matcher(nonce).matches()) {
            return new Proof.Unproven(Refusal.INVALID, "invalid_parameter", "nonce must be 16 to 64 letters and "
                    + "digits, new for every request.");
        }
        for (String value : message) {
            // A line break inside a value would let two different requests sign the same text.
            if (value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)) {
                return new Proof.Unproven(Refusal.INVALID, "invalid_parameter", "A signed value holds a line break; "
                        + "none may.");
            }
        }
        if (hmac == null || !HEX_SHA256.matcher(hmac).matches()) {
            return new Proof.Unproven(Refusal.UNAUTHENTICATED, "invalid_hmac", "hmac must be the hex HMAC-SHA256 of "
                    + "the signed values, keyed by the client secret.");
        }
        byte[] expected = IssuerRequestAuthentication.hmacSha256(issuer.clientSecret())
                .doFinal(String.join("\n", java.util.Arrays.stream(message).map(value -> value == null ? "" : value)
                        .toList()).getBytes(StandardCharsets.UTF_8));
        if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(hmac))) {
            return new Proof.Unproven(Refusal.UNAUTHENTICATED, "invalid_hmac", "hmac does not match the signed values "
                    + "and the client secret.");
        }
        if (!fresh(sent)) {
            return new Proof.Unproven(Refusal.UNAUTHENTICATED, "expired_request", "ts is older than "
                    + properties.requestLifetime().toMinutes() + " minutes or in the future.");
        }
        if (issuer.status() != IssuerStatus.APPROVED) {
            return new Proof.Unproven(Refusal.UNAUTHENTICATED, "invalid_client_id", "The client is not approved.");
        }
        if (!spend(issuer, "nonce:" + nonce)) {
            return new Proof.Unproven(Refusal.UNAUTHENTICATED, "replayed_nonce", "This nonce was used before; every "
                    + "request needs a new one.");
        }
        return new Proof.Proven(issuer);
    }

    /**
     * A request whose headers sign it (the bulk API): the client ID, method, path, {@code ts}, nonce and the
     * body's hex SHA-256 under the MAC. The body itself is checked against that hash by whoever reads it; a
     * request without a body signs the hash of nothing.
     */
    Proof proveSigned(SignedIssuerRequest request) {
        String content = request.contentSha256();
        if (content == null || !HEX_SHA256.matcher(content).matches()) {
            return new Proof.Unproven(Refusal.INVALID, "invalid_parameter", "x-tijori-content-sha256 must be the hex "
                    + "SHA-256 of the body (" + EMPTY_SHA256 + " when there is none).");
        }
        if (!request.hasBody() && !EMPTY_SHA256.equalsIgnoreCase(content)) {
            return new Proof.Unproven(Refusal.INVALID, "invalid_parameter", "A " + request.method() + " has no body: "
                    + "x-tijori-content-sha256 must be the SHA-256 of nothing, " + EMPTY_SHA256 + ".");
        }
        return proveSigned(request.clientId(), request.ts(), request.nonce(), request.hmac(), request.clientId(),
                request.method(), request.path(), request.ts(), request.nonce(), content);
    }

    /**
     * Proofs are kept while a request carrying them could still be taken: its {@code ts} may be up to the
     * clock skew ahead of the moment it was spent, and stays acceptable for the request lifetime after that.
     */
    @Scheduled(initialDelay = 60_000, fixedDelay = 300_000)
    void forgetSpentProofs() {
        jdbc.sql("delete from issuer_spent_proof where spent_at < ?")
                .param(utc(clock.instant().minus(retention()))).update();
    }

    /**
     * Records a proof as spent, in a statement of its own so that it holds whatever becomes of the request;
     * whether this request spent it. Of two requests with the same proof at the same moment, one inserts and
     * the other waits on the key and then inserts nothing.
     */
    private boolean spend(Issuer issuer, String proof) {
        return jdbc.sql("""
                insert into issuer_spent_proof (issuer_id, proof, spent_at) values (?, ?, ?)
                on conflict do nothing""")
                .params(issuer.id().value(), proof, utc(clock.instant())).update() == 1;
    }

    /** How long a spent proof is kept. */
    Duration retention() {
        return properties.requestLifetime().plus(IssuerRequestAuthentication.CLOCK_SKEW);
    }

    private boolean fresh(Instant sent) {
        return IssuerRequestAuthentication.fresh(sent, clock.instant(), properties.requestLifetime());
    }

    /** A {@code ts} in Unix seconds, or null. */
    private static Instant epochSecond(String ts) {
        if (ts == null || ts.isBlank() || ts.strip().length() > 12) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(ts.strip()));
        }
        catch (NumberFormatException e) {
            return null;
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Whether a request proved its issuer, and if not, why. */
    public sealed interface Proof {

        record Proven(Issuer issuer) implements Proof {
        }

        /**
         * @param code a stable error code, such as {@code replayed_nonce}
         * @param reason what was wrong, in words
         */
        record Unproven(Refusal kind, String code, String reason) implements Proof {
        }
    }
}
