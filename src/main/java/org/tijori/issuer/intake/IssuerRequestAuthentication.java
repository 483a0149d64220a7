package org.tijori.issuer.intake;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProperties;
import org.tijori.issuer.intake.PushOutcome.Refusal;
import org.tijori.issuer.registration.Issuer;
import org.tijori.issuer.registration.IssuerStatus;
import org.tijori.issuer.registration.Issuers;
import org.tijori.signing.RootElement;

import org.springframework.stereotype.Component;

import static org.tijori.issuer.intake.PushRefusedException.invalid;

/**
 * Who sent an issuer's request, and whether it may be taken now: every way an issuer proves itself, in one
 * place. The XML push carries an HMAC over its raw body keyed by the client secret, and a {@code keyhash} of the
 * API key and its {@code ts}; DigiLocker's forms a {@code hmac} of the client secret, the client ID and
 * {@code ts} (or every field), in hex or Base64; Tijori's own endpoints an HMAC over every value they carry.
 * Each is fresh within the request lifetime (and {@link #CLOCK_SKEW} ahead), and each proof is taken once
 * ({@link IssuerRequestProofs}, and {@code txn} for the XML push, recorded with the document it published).
 * <p>
 * A request that does not hold is refused by a {@link PushRefusedException}.
 */
@Component
public class IssuerRequestAuthentication {

    /** How far ahead of this server's clock a request's timestamp may be. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final Issuers issuers;

    private final IssuerRequestProofs proofs;

    private final IssuerProperties properties;

    private final Clock clock;

    IssuerRequestAuthentication(Issuers issuers, IssuerRequestProofs proofs, IssuerProperties properties,
            Clock clock) {
        this.issuers = issuers;
        this.proofs = proofs;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The issuer that an XML push names in its root element, if the request proves it with that issuer's secret
     * over the raw body ({@code x-digilocker-hmac}, Base64). Nothing of the body but its root has been read.
     */
    Issuer provenByBody(RootElement root, byte[] body, String hmac) {
        IssuerId issuerId;
        try {
            issuerId = new IssuerId(root.attribute("orgId").orElse(null));
        }
        catch (IllegalArgumentException e) {
            throw new PushRefusedException(Refusal.UNAUTHENTICATED, "invalid_client_id",
                    "orgId does not name a registered issuer.");
        }
        Issuer issuer = issuers.find(issuerId).orElseThrow(() -> new PushRefusedException(Refusal.UNAUTHENTICATED,
                "invalid_client_id", "orgId does not name a registered issuer."));
        if (issuer.clientSecret() == null || hmac == null || !MessageDigest.isEqual(hmac(body, issuer.clientSecret()),
                decodeBase64(hmac.strip()))) {
            throw new PushRefusedException(Refusal.UNAUTHENTICATED, "invalid_hmac",
                    "The x-digilocker-hmac header is missing or does not match the body and the client secret.");
        }
        return issuer;
    }

    /**
     * Whether an issuer proven by its body may publish with this XML push: approved, its API key's
     * {@code keyhash} over {@code ts}, a fresh {@code ts} and a {@code txn} that can be recorded. Whether the txn
     * was used before is known only when it is recorded, with the document.
     */
    void authorizeXmlPush(Issuer issuer, String ts, String keyhash, String txn) {
        requireApproved(issuer);
        if (ts == null || keyhash == null || !MessageDigest.isEqual(
                keyhash(issuer.apiKey(), ts).getBytes(StandardCharsets.US_ASCII),
                keyhash.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new PushRefusedException(Refusal.UNAUTHENTICATED, "invalid_keyhash",
                    "keyhash must be the hex SHA-256 of the API key followed by ts.");
        }
        Instant sent;
        try {
            sent = OffsetDateTime.parse(ts).toInstant();
        }
        catch (DateTimeParseException e) {
            throw invalid("invalid_parameter", "ts must be a date and time with its offset, such as "
                    + "2026-11-28T10:15:00+05:30.");
        }
        if (!fresh(sent, clock.instant(), properties.requestLifetime())) {
            throw new PushRefusedException(Refusal.UNAUTHENTICATED, "expired_request", "ts is older than "
                    + properties.requestLifetime().toMinutes() + " minutes or in the future.");
        }
        if (txn == null || txn.isBlank() || txn.length() > 100) {
            throw invalid("invalid_parameter", "txn must be 1 to 100 characters, new for every request.");
        }
    }

    /** An issuer publishes only while approved; a suspended one is refused. */
    void requireApproved(Issuer issuer) {
        if (issuer.status() != IssuerStatus.APPROVED) {
            throw new PushRefusedException(Refusal.FORBIDDEN, "issuer_not_active",
                    "The issuer is not approved to publish.");
        }
    }

    /**
     * The issuer that DigiLocker's form credential proves, the credential taken once; see
     * {@link IssuerRequestProofs#proveForm}.
     *
     * @param covered the push's fields in the order live issuers hash them; none for {@code /account/2/verify}
     */
    Issuer provenByForm(String clientId, String ts, String hmac, String... covered) {
        return proven(proofs.proveForm(clientId, ts, hmac, covered));
    }

    /** The issuer that a request of Tijori's own endpoints proves (API.md 4.5), its nonce taken once. */
    Issuer provenBySignature(String clientId, String ts, String nonce, String hmac, String... message) {
        return proven(proofs.proveSigned(clientId, ts, nonce, hmac, message));
    }

    private static Issuer proven(IssuerRequestProofs.Proof proof) {
        if (proof instanceof IssuerRequestProofs.Proof.Unproven unproven) {
            throw new PushRefusedException(unproven.kind(), unproven.code(), unproven.reason());
        }
        return ((IssuerRequestProofs.Proof.Proven) proof).issuer();
    }

    /** Whether a request sent at {@code sent} is still, and already, acceptable at {@code now}. */
    static boolean fresh(Instant sent, Instant now, Duration lifetime) {
        return !sent.isBefore(now.minus(lifetime)) && !sent.isAfter(now.plus(CLOCK_SKEW));
    }

    /** HMAC-SHA256 of a body read all at once. */
    public static byte[] hmac(byte[] body, byte[] key) {
        return hmacSha256(key).doFinal(body);
    }

    /** An HMAC-SHA256 keyed with an issuer's secret or API key, for a body read all at once or streamed. */
    static Mac hmacSha256(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        }
        catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HMAC-SHA256", e);
        }
    }

    /** DigiLocker's {@code keyhash}: the hex SHA-256 of the API key followed by {@code ts}. */
    public static String keyhash(byte[] apiKey, String ts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(apiKey);
            return HexFormat.of().formatHex(digest.digest(ts.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String sha256Hex(byte[] value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] decodeBase64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        }
        catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
