package org.tijori.gateway.partner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.GatewayProblemException.Kind;
import org.tijori.gateway.GatewayProperties;
import org.tijori.gateway.RequesterId;
import org.tijori.gateway.requester.ClientSecrets;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * DigiLocker's form credential, which the partner operations without a token carry in their bodies (ADR 23, "F"):
 * {@code clientid}, {@code ts} in Unix seconds, and {@code hmac} = hex SHA-256 of the requester's client secret,
 * the client ID and {@code ts}, concatenated. The formula covers nothing else of the request, so each proof is
 * taken once: it is spent in {@code gateway_spent_proof} and kept there for as long as its {@code ts} could still be
 * accepted (the request lifetime, and the clock skew ahead), as the issuers' form credential is (ADR 16).
 * <p>
 * Every refusal counts against the address's budget of failed authentications ({@link PartnerLimits#failed}); the
 * one that finds it spent is answered {@code 429} instead ({@link PartnerThrottledException}).
 */
@Component
public class FormProofs {

    /** How far ahead of this node's clock a {@code ts} may be: the issuers' allowance (ADR 16). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final JdbcClient jdbc;

    private final ClientSecrets secrets;

    private final PartnerLimits limits;

    private final Duration lifetime;

    private final Clock clock;

    FormProofs(JdbcClient jdbc, ClientSecrets secrets, PartnerLimits limits, GatewayProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.limits = limits;
        this.lifetime = properties.requestLifetime();
        this.clock = clock;
    }

    /**
     * Checks a form credential, and spends it.
     *
     * @param address the client's address, whose failures are counted
     * @return the approved requester that sent it
     * @throws GatewayProblemException {@code 401 invalid_client_id} for a client ID of no approved requester with a
     *                                 secret; {@code 400 invalid_parameter} for a {@code ts} that is missing, not
     *                                 Unix seconds, or outside the request lifetime, and for an {@code hmac} that is
     *                                 missing or does not match; {@code 400 replayed_request} for a proof taken before
     * @throws PartnerThrottledException when the address's failures are spent
     */
    public ProvenRequester prove(String clientId, String ts, String hmac, String address) {
        return prove(clientId, ts, hmac, address, "invalid_parameter", "invalid_parameter");
    }

    /**
     * {@link #prove} with the codes of DigiLocker's sign-up verification ({@code /signup/1/demoauthverify}), whose
     * reference answers {@code 400 invalid_ts} for a {@code ts} and {@code 400 hmac_mismatch} for an {@code hmac}
     * where the other operations answer {@code invalid_parameter}.
     */
    public ProvenRequester proveForSignUpVerification(String clientId, String ts, String hmac, String address) {
        return prove(clientId, ts, hmac, address, "invalid_ts", "hmac_mismatch");
    }

    private ProvenRequester prove(String clientId, String ts, String hmac, String address, String tsError,
            String hmacError) {
        String client = clientId == null ? "" : clientId.strip();
        Optional<Stored> requester = client.isEmpty() || client.length() > 64 ? Optional.empty() : find(client);
        if (requester.isEmpty()) {
            throw refused(address, Kind.UNAUTHENTICATED, "invalid_client_id", "The client_id parameter is invalid");
        }
        String sentTs = ts == null ? "" : ts.strip();
        Instant sent = epochSecond(sentTs);
        if (sent == null) {
            throw refused(address, Kind.INVALID, tsError, "Timestamp parameter is missing or invalid: "
                    + "ts must be the time of the request in Unix seconds.");
        }
        String given = hmac == null ? "" : hmac.strip();
        byte[] expected = formHash(requester.get(), client, sentTs);
        if (!HEX_SHA256.matcher(given).matches() || !MessageDigest.isEqual(expected, HexFormat.of().parseHex(given))) {
            throw refused(address, Kind.INVALID, hmacError, "HMAC parameter is missing or invalid: hmac "
                    + "must be the hex SHA-256 of the client secret, clientid and ts, concatenated.");
        }
        Instant now = clock.instant();
        if (sent.isBefore(now.minus(lifetime)) || sent.isAfter(now.plus(CLOCK_SKEW))) {
            throw refused(address, Kind.INVALID, tsError, "Timestamp parameter is missing or invalid: "
                    + "ts is older than " + lifetime.toMinutes() + " minutes or in the future.");
        }
        if (!spend(client, expected)) {
            throw refused(address, Kind.INVALID, "replayed_request", "This clientid, ts and hmac were used before, "
                    + "and each is taken once: give every request a ts of its own (a Unix second not used before "
                    + "within the last " + lifetime.toMinutes() + " minutes).");
        }
        return new ProvenRequester(requester.get().id(), client, requester.get().maySignUp());
    }

    /**
     * Proofs are kept while a request carrying them could still be taken: its {@code ts} may be up to the clock
     * skew ahead of the moment it was spent, and stays acceptable for the request lifetime after that.
     */
    @Scheduled(initialDelay = 60_000, fixedDelay = 300_000)
    void forgetSpentProofs() {
        jdbc.sql("delete from gateway_spent_proof where spent_at < ?")
                .param(utc(clock.instant().minus(lifetime).minus(CLOCK_SKEW))).update();
    }

    private Optional<Stored> find(String clientId) {
        return jdbc.sql("""
                select id, client_secret_sealed, may_sign_up from gateway_requester
                where client_id = ? and status = 'APPROVED' and client_secret_sealed is not null""")
                .param(clientId)
                .query((rs, row) -> new Stored(new RequesterId(rs.getObject("id", UUID.class)),
                        rs.getBytes("client_secret_sealed"), rs.getBoolean("may_sign_up")))
                .optional();
    }

    private byte[] formHash(Stored requester, String clientId, String ts) {
        byte[] secret = secrets.open(requester.sealedSecret());
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(secret);
            sha256.update(clientId.getBytes(StandardCharsets.UTF_8));
            sha256.update(ts.getBytes(StandardCharsets.UTF_8));
            return sha256.digest();
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Records a proof as spent, in a statement of its own so that it holds whatever becomes of the request; whether
     * this request spent it. Of two requests with the same proof at once, the primary key lets exactly one insert.
     */
    private boolean spend(String clientId, byte[] proof) {
        return jdbc.sql("""
                insert into gateway_spent_proof (client_id, proof, spent_at) values (?, ?, ?)
                on conflict do nothing""")
                .params(clientId, proof, utc(clock.instant())).update() == 1;
    }

    /** The refusal to throw, once the failure is counted: or the 429 when the address has no failures left. */
    private RuntimeException refused(String address, Kind kind, String error, String description) {
        Duration wait = limits.failed(address);
        if (!wait.isZero()) {
            return new PartnerThrottledException(wait);
        }
        return new GatewayProblemException(kind, error, description);
    }

    /** A {@code ts} in Unix seconds, or null. */
    private static Instant epochSecond(String ts) {
        if (ts.isEmpty() || ts.length() > 12) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(ts));
        }
        catch (NumberFormatException e) {
            return null;
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Stored(RequesterId id, byte[] sealedSecret, boolean maySignUp) {
    }

    /**
     * A requester that proved itself by a form credential.
     *
     * @param maySignUp whether an administrator lets it open lockers (DigiLocker's sign-up operations)
     */
    public record ProvenRequester(RequesterId requester, String clientId, boolean maySignUp) {
    }
}
