package org.tijori.gateway.requester;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.tijori.gateway.GatewayProperties;
import org.tijori.gateway.PartnerScope;
import org.tijori.gateway.RequesterId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Requesters as the authorization server knows them (ADR 23): approved ones only, read from
 * {@code gateway_requester}. A look-up by client ID (each call of the token endpoint authenticates one) is used for
 * {@link #FRESH} before it is read again: a suspension, a new secret or new redirect URIs reach this node as soon as
 * they commit ({@link #forgetAfterCommit}) and the other nodes within {@link #FRESH}. A suspended requester's tokens
 * stop at once on every node all the same: each partner call joins the requester's status.
 * <ul>
 * <li>{@code WEB}: authenticates with its secret (HTTP Basic or in the body), compared by its keyed hash
 * ({@link ClientSecrets#passwordEncoder()}); the authorization code and refresh token grants; every scope.</li>
 * <li>{@code DEVICE}: names itself by its client ID alone; DigiLocker's device grant; the device scopes.</li>
 * </ul>
 * Every requester must use PKCE and every authorization asks the resident; access tokens are opaque (reference),
 * refresh tokens are never reused, ID tokens are RS256.
 */
@Component
public class RequesterClients implements RegisteredClientRepository {

    /** The longest a consent lasts ({@code YEAR}), so the longest a refresh token may: its consent ends it first. */
    static final Duration LONGEST_CONSENT = Duration.ofDays(365);

    /** How long a requester read by client ID is used before it is read again. */
    static final Duration FRESH = Duration.ofSeconds(1);

    /** Requesters kept at most: client IDs that name one, so at most the approved requesters. */
    private static final int KEPT = 10_000;

    private final JdbcClient jdbc;

    private final GatewayProperties properties;

    private final Clock clock;

    private final Map<String, Read> byClientId = new ConcurrentHashMap<>();

    private final Map<RequesterId, SealedSecret> sealedSecrets = new ConcurrentHashMap<>();

    RequesterClients(JdbcClient jdbc, GatewayProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** Reads every requester again from the table once the current transaction commits (or now, outside one). */
    public void forgetAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

                @Override
                public void afterCommit() {
                    forget();
                }
            });
        }
        else {
            forget();
        }
    }

    private void forget() {
        byClientId.clear();
        sealedSecrets.clear();
    }

    /**
     * The sealed copy of a requester's client secret, which keys DigiLocker's {@code hmac} of files: read again after
     * {@link #FRESH} like the requesters, and forgotten with them. Empty for a requester without one (a device).
     */
    public Optional<byte[]> sealedSecretOf(RequesterId requester) {
        Instant now = clock.instant();
        SealedSecret read = sealedSecrets.get(requester);
        if (read != null && read.until().isAfter(now)) {
            return Optional.ofNullable(read.sealed());
        }
        List<byte[]> sealed = jdbc.sql("select client_secret_sealed from gateway_requester where id = ?")
                .param(requester.value()).query(byte[].class).list();
        byte[] found = sealed.isEmpty() ? null : sealed.get(0);
        if (sealedSecrets.size() >= KEPT) {
            sealedSecrets.clear();
        }
        sealedSecrets.put(requester, new SealedSecret(found, now.plus(FRESH)));
        return Optional.ofNullable(found);
    }

    private record SealedSecret(byte[] sealed, Instant until) {
    }

    /** Requesters register through the gateway's own registration, never through the authorization server. */
    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("Requesters register through /api/v1/requesters/registrations");
    }

    @Override
    public RegisteredClient findById(String id) {
        UUID requester;
        try {
            requester = UUID.fromString(id);
        }
        catch (IllegalArgumentException | NullPointerException notAnId) {
            return null;
        }
        return find("id = ?", requester);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        if (clientId == null || clientId.length() > 64) {
            return null;
        }
        Instant now = clock.instant();
        Read read = byClientId.get(clientId);
        if (read != null && read.until().isAfter(now)) {
            return read.client();
        }
        RegisteredClient client = find("client_id = ?", clientId);
        if (client == null) {
            byClientId.remove(clientId);
            return null;
        }
        if (byClientId.size() >= KEPT) {
            byClientId.clear();
        }
        byClientId.put(clientId, new Read(client, now.plus(FRESH)));
        return client;
    }

    private record Read(RegisteredClient client, Instant until) {
    }

    private RegisteredClient find(String condition, Object value) {
        return jdbc.sql("""
                select id, client_id, client_secret_hash, name, redirect_uris, kind, status_changed_at
                  from gateway_requester where status = 'APPROVED' and\s""" + condition)
                .param(value).query((rs, row) -> client(rs)).optional().orElse(null);
    }

    private RegisteredClient client(ResultSet rs) throws SQLException {
        RequesterKind kind = RequesterKind.valueOf(rs.getString("kind"));
        RegisteredClient.Builder client = RegisteredClient.withId(rs.getObject("id", UUID.class).toString())
                .clientId(rs.getString("client_id"))
                .clientIdIssuedAt(rs.getObject("status_changed_at", OffsetDateTime.class).toInstant())
                .clientName(rs.getString("name"))
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.REFERENCE)
                        .accessTokenTimeToLive(properties.accessTokenLifetime())
                        .authorizationCodeTimeToLive(properties.codeLifetime())
                        .deviceCodeTimeToLive(properties.deviceCodeLifetime())
                        .reuseRefreshTokens(false)
                        .refreshTokenTimeToLive(LONGEST_CONSENT)
                        .idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
                        .build());
        if (kind == RequesterKind.DEVICE) {
            return client.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                    .scopes(scopes -> scopes.addAll(properties.deviceScopes()))
                    .build();
        }
        String[] redirectUris = (String[]) rs.getArray("redirect_uris").getArray();
        return client.clientSecret(HexFormat.of().formatHex(rs.getBytes("client_secret_hash")))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUris(uris -> uris.addAll(Arrays.asList(redirectUris)))
                .scopes(scopes -> Arrays.stream(PartnerScope.values()).map(PartnerScope::value).forEach(scopes::add))
                .build();
    }
}
