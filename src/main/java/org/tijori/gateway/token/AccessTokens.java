package org.tijori.gateway.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.tijori.account.AccountId;
import org.tijori.account.LockerId;
import org.tijori.gateway.ConsentId;
import org.tijori.gateway.PartnerScope;
import org.tijori.gateway.RequesterId;
import org.tijori.issuer.DocumentUri;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

/**
 * Looks up the bearer token of a partner API call: one indexed query on {@code gateway_authorization} by the
 * token's SHA-256, joined to its requester (still approved) and its consent (neither ended nor expired). Nothing is
 * cached: a revoked token, an ended consent or a suspended requester stops the very next call, on every node.
 * Every token that is not live gets the same answer, so a caller learns nothing of why.
 */
@Component
public class AccessTokens implements OpaqueTokenIntrospector {

    /**
     * What an access token can look like: base64url, at least 128 bits. Anything else is refused without a
     * database round trip (Tijori's own are 32 random bytes, 43 characters).
     */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22,256}");

    private static final String INVALID = "The access token is invalid";

    private final JdbcClient jdbc;

    private final Clock clock;

    AccessTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * @throws BadOpaqueTokenException for any token that does not reach anything now
     */
    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        return find(token).orElseThrow(() -> new BadOpaqueTokenException(INVALID));
    }

    /**
     * The access of a live token, or nothing for any other token. The authorization is found through its token's
     * hash first (a sub-select the planner runs once), whatever the statistics say: with a table analyzed while
     * nearly empty, a join let the planner walk all of a requester's authorizations instead (683 pages a look-up, 2 ms).
     */
    Optional<PartnerAccess> find(String token) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            return Optional.empty();
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return jdbc.sql("""
                select a.account_id, a.locker_id, a.requester_id, r.client_id, a.consent_id, a.access_scopes,
                       a.access_expires_at, c.expires_at as consent_expires_at, c.all_issued, c.documents
                  from gateway_authorization a
                  join gateway_requester r on r.id = a.requester_id and r.status = 'APPROVED'
                  join gateway_consent c on c.id = a.consent_id and c.ended_at is null and c.expires_at > :now
                 where a.id = (select authorization_id from gateway_token where hash = :hash and kind = 'access')
                   and a.access_hash = :hash
                   and a.access_expires_at > :now
                   and a.access_invalidated_at is null
                   and a.revoked_at is null
                   and a.account_id is not null and a.locker_id is not null""")
                .param("hash", sha256(token))
                .param("now", now)
                .query((rs, row) -> access(rs))
                .optional();
    }

    private static PartnerAccess access(ResultSet rs) throws SQLException {
        Instant tokenEnds = rs.getObject("access_expires_at", OffsetDateTime.class).toInstant();
        Instant consentEnds = rs.getObject("consent_expires_at", OffsetDateTime.class).toInstant();
        Set<PartnerScope> scopes = EnumSet.noneOf(PartnerScope.class);
        for (String scope : strings(rs.getArray("access_scopes"))) {
            PartnerScope.named(scope).ifPresent(scopes::add);
        }
        Set<DocumentUri> documents = new LinkedHashSet<>();
        for (String document : strings(rs.getArray("documents"))) {
            documents.add(DocumentUri.parse(document));
        }
        return new PartnerAccess(new AccountId(rs.getObject("account_id", UUID.class)),
                new LockerId(rs.getObject("locker_id", UUID.class)),
                new RequesterId(rs.getObject("requester_id", UUID.class)), rs.getString("client_id"),
                new ConsentId(rs.getObject("consent_id", UUID.class)), scopes, rs.getBoolean("all_issued"), documents,
                tokenEnds.isBefore(consentEnds) ? tokenEnds : consentEnds);
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    /** The SHA-256 of a token's value, as {@code gateway_token} and {@code gateway_authorization} keep it. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
