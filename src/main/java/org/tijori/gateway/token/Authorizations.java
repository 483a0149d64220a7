package org.tijori.gateway.token;

import java.net.URL;
import java.security.Principal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.tijori.account.AccountId;
import org.tijori.account.LockerId;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.ConsentDuration;
import org.tijori.gateway.ConsentId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The authorization server's authorizations in {@code gateway_authorization} (ADR 23), with the SHA-256 of each token
 * and never a token itself. A look-up by a token rebuilds the authorization with the value presented for that token
 * (Spring Security compares values) and a placeholder for the others; saving keeps a placeholder's stored hash and
 * hashes every new value. The resident is rebuilt as a {@link GrantingResident} named by the locker ID, the
 * authorization request from the {@code request} column, and the consent the authorization was granted under as a
 * {@link LinkedConsent}. A revoked authorization is rebuilt with every token invalidated.
 * <p>
 * Access and refresh token hashes are also written once each to {@code gateway_token}, through which they are looked
 * up; a token is live only while it is its authorization's current one. An earlier refresh token of an authorization
 * is therefore a spent one ({@link #spentRefresh}).
 * <p>
 * An authorization read from the store is saved back by one statement that rewrites its row in place and adds its new
 * tokens, without touching {@code updated_at} (an indexed column: changing it would add an entry to each of the
 * row's indexes). A refresh token is rotated by that update conditional on the refresh token still being the one the
 * authorization was read with: two refreshes racing with one token cannot both win, and the loser gets
 * {@link LostRotation}.
 */
@Component
public class Authorizations implements OAuth2AuthorizationService {

    /** A token value rebuilt without its value: the stored hash, which no real token can look like. */
    private static final String PLACEHOLDER = "stored:";

    /** The refresh token's hash when the authorization was read, for the conditional rotation. */
    private static final String LOADED_REFRESH = Authorizations.class.getName() + ".loadedRefresh";

    /** Marks an authorization rebuilt from its row while its code was still unused. */
    private static final String LOADED_LIVE_CODE = Authorizations.class.getName() + ".loadedLiveCode";

    /** Marks an authorization rebuilt from its row, which a save updates in place. */
    private static final String LOADED = Authorizations.class.getName() + ".loaded";

    /** The authorization each thread saved last with an access token, for {@link #justSaved}. */
    private static final ThreadLocal<OAuth2Authorization> lastSaved = new ThreadLocal<>();

    private static final String SELECT = """
            select a.*, c.duration as consent_duration, c.expires_at as consent_expires_at,
                   c.ended_at as consent_ended_at
              from gateway_authorization a left join gateway_consent c on c.id = a.consent_id
            """;

    /** What a save writes of an authorization that is already stored. */
    private static final String UPDATED_COLUMNS = """
            account_id = coalesce(account_id, :account), locker_id = coalesce(locker_id, :locker),
            authorized_scopes = :scopes, request = cast(:request as jsonb), state_hash = :state,
            code_hash = :code, code_issued_at = :codeIssued, code_expires_at = :codeExpires,
            code_invalidated_at = case when :codeDead then coalesce(code_invalidated_at,
                cast(:now as timestamptz)) end,
            access_hash = :access, access_issued_at = :accessIssued, access_expires_at = :accessExpires,
            access_scopes = :accessScopes,
            access_invalidated_at = case when :accessDead then coalesce(case when access_hash = :access
                then access_invalidated_at end, cast(:now as timestamptz)) end,
            refresh_hash = :refresh, refresh_issued_at = :refreshIssued, refresh_expires_at = :refreshExpires,
            refresh_invalidated_at = case when :refreshDead then coalesce(case when refresh_hash = :refresh
                then refresh_invalidated_at end, cast(:now as timestamptz)) end,
            id_token_claims = cast(:idClaims as jsonb), id_token_issued_at = :idIssued,
            id_token_expires_at = :idExpires, device_code_hash = :device, user_code_hash = :user,
            device_issued_at = :deviceIssued, device_expires_at = :deviceExpires,
            device_invalidated_at = case when :deviceDead then coalesce(device_invalidated_at,
                cast(:now as timestamptz)) end,
            user_code_invalidated_at = case when :userDead then coalesce(user_code_invalidated_at,
                cast(:now as timestamptz)) end""";

    /** {@link #saveLoaded}'s statement. */
    private static final String SAVE_LOADED = """
                with saved as (
                    update gateway_authorization set %s
                     where id = :id and (not :rotated or refresh_hash = :loadedRefresh)
                       and (not :redeemed or code_invalidated_at is null)
                    returning id),
                added as (
                    insert into gateway_token (hash, authorization_id, kind)
                    select token.hash, saved.id, token.kind
                      from saved, (values (cast(:access as bytea), 'access'),
                                          (cast(:refresh as bytea), 'refresh')) as token (hash, kind)
                     where token.hash is not null
                    on conflict (hash) do nothing)
                select count(*) from saved""".formatted(UPDATED_COLUMNS);

    private final JdbcClient jdbc;

    private final ResidentAccounts accounts;

    private final Clock clock;

    private final TransactionTemplate transactions;

    Authorizations(JdbcClient jdbc, ResidentAccounts accounts, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactions);
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        lastSaved.remove();
        OffsetDateTime now = utc(clock.instant());
        Columns columns = new Columns(authorization);
        if (!(authorization.getAttribute(LOADED) != null
                && authorization.getAttribute(Principal.class.getName()) instanceof GrantingResident resident
                && saveLoaded(authorization, resident, columns, now))) {
            transactions.executeWithoutResult(status -> saveAny(authorization, columns, now));
        }
        if (authorization.getAccessToken() != null) {
            lastSaved.set(authorization);
        }
    }

    /**
     * The authorization whose new access token this is, when this thread has just saved it: what the token
     * endpoint's answer needs, without reading back what it has just written. Answers once.
     */
    public Optional<OAuth2Authorization> justSaved(String accessToken) {
        OAuth2Authorization saved = lastSaved.get();
        lastSaved.remove();
        return Optional.ofNullable(saved)
                .filter(authorization -> accessToken.equals(authorization.getAccessToken().getToken().getTokenValue()));
    }

    /**
     * Saves an authorization read from its row (which knows its resident) by one statement: the row rewritten in
     * place, conditional on the refresh token still being the one it was read with when this save rotates it, and
     * its new tokens added to {@code gateway_token}.
     *
     * @return whether the row was there to update
     * @throws LostRotation when another request rotated the refresh token first
     * @throws LostRedemption when another request exchanged the code first
     */
    private boolean saveLoaded(OAuth2Authorization authorization, GrantingResident resident, Columns columns,
            OffsetDateTime now) {
        byte[] loadedRefresh = loadedRefresh(authorization, null);
        boolean rotated = loadedRefresh != null && columns.refresh != null
                && !Arrays.equals(loadedRefresh, columns.refresh);
        OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
        boolean redeemed = authorization.getAttribute(LOADED_LIVE_CODE) != null && code != null
                && code.isInvalidated();
        Map<String, Object> bound = columns.bind(authorization, resident.account(), resident.locker().value(), now,
                rotated, loadedRefresh);
        bound.put("redeemed", redeemed);
        int updated = jdbc.sql(SAVE_LOADED)
                .paramSource(bound)
                .query(Integer.class).single();
        if (updated == 0 && rotated) {
            throw new LostRotation();
        }
        if (updated == 0 && redeemed) {
            throw new LostRedemption();
        }
        return updated == 1;
    }

    /** Saves any authorization: a new one, or one whose row is read first. */
    private void saveAny(OAuth2Authorization authorization, Columns columns, OffsetDateTime now) {
        Stored stored = jdbc.sql("select refresh_hash, locker_id from gateway_authorization where id = ? for update")
                .param(authorization.getId())
                .query((rs, row) -> new Stored(rs.getBytes("refresh_hash"), rs.getObject("locker_id", UUID.class)))
                .optional().orElse(null);
        AccountId account = accountOf(authorization);
        UUID locker = stored != null && stored.locker() != null ? stored.locker() : lockerOf(authorization, account);
        if (stored == null) {
            jdbc.sql("""
                    insert into gateway_authorization (id, requester_id, grant_type, account_id, locker_id,
                        authorized_scopes, request, state_hash, code_hash, code_issued_at, code_expires_at,
                        code_invalidated_at, access_hash, access_issued_at, access_expires_at, access_scopes,
                        access_invalidated_at, refresh_hash, refresh_issued_at, refresh_expires_at,
                        refresh_invalidated_at, id_token_claims, id_token_issued_at, id_token_expires_at,
                        device_code_hash, user_code_hash, device_issued_at, device_expires_at, device_invalidated_at,
                        user_code_invalidated_at, created_at, updated_at)
                    values (:id, :requester, :grant, :account, :locker, :scopes, cast(:request as jsonb), :state,
                        :code, :codeIssued, :codeExpires, case when :codeDead then cast(:now as timestamptz) end,
                        :access, :accessIssued, :accessExpires, :accessScopes,
                        case when :accessDead then cast(:now as timestamptz) end,
                        :refresh, :refreshIssued, :refreshExpires,
                        case when :refreshDead then cast(:now as timestamptz) end,
                        cast(:idClaims as jsonb), :idIssued, :idExpires, :device, :user, :deviceIssued, :deviceExpires,
                        case when :deviceDead then cast(:now as timestamptz) end,
                        case when :userDead then cast(:now as timestamptz) end, :now, :now)""")
                    .paramSource(columns.bind(authorization, account, locker, now, false, null))
                    .update();
            addTokens(authorization.getId(), columns);
            return;
        }
        byte[] loadedRefresh = loadedRefresh(authorization, stored.refresh());
        boolean rotated = stored.refresh() != null && columns.refresh != null
                && !Arrays.equals(stored.refresh(), columns.refresh);
        int updated = jdbc.sql("update gateway_authorization set " + UPDATED_COLUMNS + """
                , updated_at = :now where id = :id and (not :rotated or refresh_hash = :loadedRefresh)""")
                .paramSource(columns.bind(authorization, account, locker, now, rotated, loadedRefresh))
                .update();
        if (updated == 0) {
            throw new LostRotation();
        }
        addTokens(authorization.getId(), columns);
    }

    /** Adds an authorization's access and refresh tokens to {@code gateway_token}, each once. */
    private void addTokens(String authorization, Columns columns) {
        jdbc.sql("""
                insert into gateway_token (hash, authorization_id, kind)
                select token.hash, :id, token.kind
                  from (values (cast(:access as bytea), 'access'), (cast(:refresh as bytea), 'refresh'))
                       as token (hash, kind)
                 where token.hash is not null
                on conflict (hash) do nothing""")
                .param("id", authorization).param("access", columns.values.get("access"))
                .param("refresh", columns.refresh).update();
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        jdbc.sql("delete from gateway_authorization where id = ?").param(authorization.getId()).update();
    }

    @Override
    public OAuth2Authorization findById(String id) {
        if (id == null) {
            return null;
        }
        return jdbc.sql(SELECT + " where a.id = ?").param(id)
                .query((rs, row) -> authorization(rs, null, null)).optional().orElse(null);
    }

    /** Finds by a token's value; without a type, by an access token, a refresh token or a code. */
    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType type) {
        if (token == null || token.isEmpty() || token.startsWith(PLACEHOLDER) || token.length() > 512) {
            return null;
        }
        byte[] hash = AccessTokens.sha256(token);
        if (type == null) {
            return jdbc.sql(SELECT + """
                     where a.id = (select authorization_id from gateway_token where hash = :h)
                       and (a.access_hash = :h or a.refresh_hash = :h)""")
                    .param("h", hash).query((rs, row) -> authorization(rs, token,
                            Arrays.equals(hash, rs.getBytes("access_hash")) ? "access_hash" : "refresh_hash"))
                    .optional().orElseGet(() -> findByToken(token, new OAuth2TokenType("code")));
        }
        String column = columnOf(type);
        if (column == null) {
            return null;
        }
        String where = switch (column) {
            case "access_hash", "refresh_hash" -> """
                     where a.id = (select authorization_id from gateway_token where hash = :h and kind = :kind)
                       and a.%s = :h""".formatted(column);
            default -> " where a." + column + " = :h";
        };
        return jdbc.sql(SELECT + where).param("h", hash).param("kind", type.getValue().replace("_token", ""))
                .query((rs, row) -> authorization(rs, token, column)).optional().orElse(null);
    }

    /**
     * The authorization a spent refresh token was once part of, if this token was spent: one of the authorization's
     * refresh tokens, no longer its current one.
     */
    public Optional<String> spentRefresh(String token) {
        if (token == null || token.length() > 512) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select t.authorization_id
                  from gateway_token t join gateway_authorization a on a.id = t.authorization_id
                 where t.hash = ? and t.kind = 'refresh' and a.refresh_hash is distinct from t.hash""")
                .param(AccessTokens.sha256(token)).query(String.class).optional();
    }

    /** Links an authorization to the consent it was granted under. */
    public void attachConsent(String authorization, ConsentId consent) {
        jdbc.sql("update gateway_authorization set consent_id = ?, updated_at = ? where id = ?")
                .params(consent.value(), utc(clock.instant()), authorization).update();
    }

    /**
     * Revokes one authorization, every token of it.
     *
     * @return whether it was live until now
     */
    public boolean revoke(String authorization, String reason) {
        OffsetDateTime now = utc(clock.instant());
        return jdbc.sql("""
                update gateway_authorization set revoked_at = ?, revoked_reason = ?, updated_at = ?
                 where id = ? and revoked_at is null""").params(now, reason, now, authorization).update() == 1;
    }

    /** Revokes every authorization granted under a consent; answers how many were live. */
    public int revokeConsent(ConsentId consent, String reason) {
        OffsetDateTime now = utc(clock.instant());
        return jdbc.sql("""
                update gateway_authorization set revoked_at = ?, revoked_reason = ?, updated_at = ?
                 where consent_id = ? and revoked_at is null""").params(now, reason, now, consent.value()).update();
    }

    /** The consent an authorization was granted under, if any. */
    public Optional<ConsentId> consentOf(String authorization) {
        return jdbc.sql("select consent_id from gateway_authorization where id = ? and consent_id is not null")
                .param(authorization).query((rs, row) -> new ConsentId(rs.getObject(1, UUID.class))).optional();
    }

    /**
     * Deletes the authorizations whose every token ended, or that were revoked, before {@code before}.
     *
     * @return how many were deleted
     */
    public int purge(Instant before) {
        OffsetDateTime cutoff = utc(before);
        return jdbc.sql("""
                delete from gateway_authorization
                 where updated_at < :cutoff
                   and (revoked_at < :cutoff
                        or greatest(code_expires_at, access_expires_at, refresh_expires_at, device_expires_at,
                                    created_at) < :cutoff)""")
                .param("cutoff", cutoff).update();
    }

    private static String columnOf(OAuth2TokenType type) {
        return switch (type.getValue()) {
            case "access_token" -> "access_hash";
            case "refresh_token" -> "refresh_hash";
            case "code" -> "code_hash";
            case "state" -> "state_hash";
            case "device_code" -> "device_code_hash";
            case "user_code" -> "user_code_hash";
            default -> null;
        };
    }

    private AccountId accountOf(OAuth2Authorization authorization) {
        Object principal = authorization.getAttribute(Principal.class.getName());
        if (principal instanceof GrantingResident resident) {
            return resident.account();
        }
        try {
            return authorization.getPrincipalName() == null ? null : AccountId.of(authorization.getPrincipalName());
        }
        catch (IllegalArgumentException notAnAccount) {
            return null;
        }
    }

    private UUID lockerOf(OAuth2Authorization authorization, AccountId account) {
        Object principal = authorization.getAttribute(Principal.class.getName());
        if (principal instanceof GrantingResident resident) {
            return resident.locker().value();
        }
        return account == null ? null
                : accounts.find(account).map(found -> found.lockerId().value()).orElse(null);
    }

    private static byte[] loadedRefresh(OAuth2Authorization authorization, byte[] stored) {
        String loaded = authorization.getAttribute(LOADED_REFRESH);
        return loaded == null ? stored : HexFormat.of().parseHex(loaded);
    }

    private OAuth2Authorization authorization(ResultSet rs, String presented, String presentedColumn)
            throws SQLException {
        boolean revoked = rs.getObject("revoked_at") != null;
        Map<String, Object> request = json(rs.getString("request"));
        OAuth2Authorization.Builder builder = new OAuth2Authorization.Builder(
                rs.getObject("requester_id", UUID.class).toString()) {
        };
        builder.attribute(LOADED, Boolean.TRUE);
        builder.id(rs.getString("id"))
                .principalName((String) request.getOrDefault("principal", rs.getString("account_id")))
                .authorizationGrantType(new AuthorizationGrantType(rs.getString("grant_type")))
                .authorizedScopes(new LinkedHashSet<>(strings(rs.getArray("authorized_scopes"))));
        if (request.get("authorizationUri") != null) {
            builder.attribute(OAuth2AuthorizationRequest.class.getName(), authorizationRequest(request));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) request.getOrDefault("attributes", Map.of());
        attributes.forEach(builder::attribute);
        UUID account = rs.getObject("account_id", UUID.class);
        UUID locker = rs.getObject("locker_id", UUID.class);
        if (account != null && locker != null) {
            builder.attribute(Principal.class.getName(), new GrantingResident(new AccountId(account),
                    new LockerId(locker)));
        }
        UUID consent = rs.getObject("consent_id", UUID.class);
        if (consent != null) {
            builder.attribute(LinkedConsent.ATTRIBUTE, new LinkedConsent(new ConsentId(consent),
                    ConsentDuration.valueOf(rs.getString("consent_duration")),
                    instant(rs, "consent_expires_at"), rs.getObject("consent_ended_at") != null));
        }
        byte[] refreshHash = rs.getBytes("refresh_hash");
        if (refreshHash != null) {
            builder.attribute(LOADED_REFRESH, HexFormat.of().formatHex(refreshHash));
        }
        if (rs.getBytes("state_hash") != null) {
            builder.attribute("state", value(rs, "state_hash", presented, presentedColumn));
        }
        if (rs.getBytes("code_hash") != null && !revoked && rs.getObject("code_invalidated_at") == null) {
            builder.attribute(LOADED_LIVE_CODE, Boolean.TRUE);
        }
        if (rs.getBytes("code_hash") != null) {
            token(builder, new OAuth2AuthorizationCode(value(rs, "code_hash", presented, presentedColumn),
                    instant(rs, "code_issued_at"), instant(rs, "code_expires_at")),
                    revoked || rs.getObject("code_invalidated_at") != null, null);
        }
        if (rs.getBytes("access_hash") != null) {
            token(builder, new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                    value(rs, "access_hash", presented, presentedColumn), instant(rs, "access_issued_at"),
                    instant(rs, "access_expires_at"), new LinkedHashSet<>(strings(rs.getArray("access_scopes")))),
                    revoked || rs.getObject("access_invalidated_at") != null, null);
        }
        if (refreshHash != null) {
            token(builder, new OAuth2RefreshToken(value(rs, "refresh_hash", presented, presentedColumn),
                    instant(rs, "refresh_issued_at"), instant(rs, "refresh_expires_at")),
                    revoked || rs.getObject("refresh_invalidated_at") != null, null);
        }
        String idClaims = rs.getString("id_token_claims");
        if (idClaims != null) {
            Map<String, Object> claims = json(idClaims);
            token(builder, new OidcIdToken(PLACEHOLDER + "id-token", instant(rs, "id_token_issued_at"),
                    instant(rs, "id_token_expires_at"), claims), revoked, claims);
        }
        if (rs.getBytes("device_code_hash") != null) {
            token(builder, new OAuth2DeviceCode(value(rs, "device_code_hash", presented, presentedColumn),
                    instant(rs, "device_issued_at"), instant(rs, "device_expires_at")),
                    revoked || rs.getObject("device_invalidated_at") != null, null);
        }
        if (rs.getBytes("user_code_hash") != null) {
            token(builder, new OAuth2UserCode(value(rs, "user_code_hash", presented, presentedColumn),
                    instant(rs, "device_issued_at"), instant(rs, "device_expires_at")),
                    revoked || rs.getObject("user_code_invalidated_at") != null, null);
        }
        return builder.build();
    }

    private static <T extends OAuth2Token> void token(OAuth2Authorization.Builder builder, T token,
            boolean invalidated, Map<String, Object> claims) {
        builder.token(token, metadata -> {
            metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, invalidated);
            if (claims != null) {
                metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
            }
        });
    }

    private static String value(ResultSet rs, String column, String presented, String presentedColumn)
            throws SQLException {
        return column.equals(presentedColumn) ? presented
                : PLACEHOLDER + HexFormat.of().formatHex(rs.getBytes(column));
    }

    @SuppressWarnings("unchecked")
    private static OAuth2AuthorizationRequest authorizationRequest(Map<String, Object> request) {
        Object scopes = request.getOrDefault("scopes", List.of());
        Map<String, Object> additional = (Map<String, Object>) request.getOrDefault("additionalParameters", Map.of());
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri((String) request.get("authorizationUri"))
                .authorizationRequestUri((String) request.get("authorizationRequestUri"))
                .clientId((String) request.get("clientId"))
                .redirectUri((String) request.get("redirectUri"))
                .scopes(new LinkedHashSet<>((Collection<String>) scopes))
                .state((String) request.get("state"))
                .additionalParameters(new LinkedHashMap<>(additional))
                .build();
    }

    /** The row's values for one authorization: hashes, times, flags and the request as JSON. */
    private static final class Columns {

        final byte[] refresh;

        final Map<String, Object> values = new LinkedHashMap<>();

        Columns(OAuth2Authorization authorization) {
            Object state = authorization.getAttribute("state");
            values.put("state", state instanceof String value ? hash(value) : null);
            put("code", authorization.getToken(OAuth2AuthorizationCode.class), "codeIssued", "codeExpires",
                    "codeDead");
            OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
            put("access", access, "accessIssued", "accessExpires", "accessDead");
            values.put("accessScopes", access == null ? null
                    : access.getToken().getScopes().toArray(String[]::new));
            put("refresh", authorization.getRefreshToken(), "refreshIssued", "refreshExpires", "refreshDead");
            this.refresh = (byte[]) values.get("refresh");
            OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
            values.put("idClaims", idToken == null ? null : JSONObjectUtils.toJSONString(jsonSafe(
                    idToken.getToken().getClaims())));
            values.put("idIssued", idToken == null ? null : utc(idToken.getToken().getIssuedAt()));
            values.put("idExpires", idToken == null ? null : utc(idToken.getToken().getExpiresAt()));
            put("device", authorization.getToken(OAuth2DeviceCode.class), "deviceIssued", "deviceExpires",
                    "deviceDead");
            OAuth2Authorization.Token<OAuth2UserCode> user = authorization.getToken(OAuth2UserCode.class);
            values.put("user", user == null ? null : hash(user.getToken().getTokenValue()));
            values.put("userDead", user != null && user.isInvalidated());
        }

        private void put(String hash, OAuth2Authorization.Token<? extends OAuth2Token> token, String issued,
                String expires, String dead) {
            values.put(hash, token == null ? null : hash(token.getToken().getTokenValue()));
            values.put(issued, token == null ? null : utc(token.getToken().getIssuedAt()));
            values.put(expires, token == null ? null : utc(token.getToken().getExpiresAt()));
            values.put(dead, token != null && token.isInvalidated());
        }

        Map<String, Object> bind(OAuth2Authorization authorization, AccountId account, UUID locker,
                OffsetDateTime now, boolean rotated, byte[] loadedRefresh) {
            Map<String, Object> bound = new LinkedHashMap<>(values);
            bound.put("rotated", rotated);
            bound.put("loadedRefresh", loadedRefresh);
            bound.put("id", authorization.getId());
            bound.put("requester", UUID.fromString(authorization.getRegisteredClientId()));
            bound.put("grant", authorization.getAuthorizationGrantType().getValue());
            bound.put("account", account == null ? null : account.value());
            bound.put("locker", locker);
            bound.put("scopes", authorization.getAuthorizedScopes().toArray(String[]::new));
            bound.put("request", JSONObjectUtils.toJSONString(request(authorization)));
            bound.put("now", now);
            return bound;
        }
    }

    /** What the request column keeps: the authorization request, the principal's name, plain attributes. */
    private static Map<String, Object> request(OAuth2Authorization authorization) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("principal", authorization.getPrincipalName());
        OAuth2AuthorizationRequest asked = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        if (asked != null) {
            request.put("authorizationUri", asked.getAuthorizationUri());
            // Kept so that reading the request back does not build it again.
            request.put("authorizationRequestUri", asked.getAuthorizationRequestUri());
            request.put("clientId", asked.getClientId());
            request.put("redirectUri", asked.getRedirectUri());
            request.put("scopes", List.copyOf(asked.getScopes()));
            request.put("state", asked.getState());
            request.put("additionalParameters", jsonSafe(asked.getAdditionalParameters()));
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        authorization.getAttributes().forEach((name, value) -> {
            if (value instanceof String text && !"state".equals(name) && !LOADED_REFRESH.equals(name)) {
                attributes.put(name, text);
            }
        });
        request.put("attributes", attributes);
        return request;
    }

    /** Instants as epoch seconds, URLs and other values as text, arrays as lists: what JSON can hold. */
    private static Map<String, Object> jsonSafe(Map<String, Object> values) {
        Map<String, Object> safe = new LinkedHashMap<>();
        values.forEach((name, value) -> safe.put(name, jsonValue(value)));
        return safe;
    }

    private static Object jsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Instant instant) {
            return instant.getEpochSecond();
        }
        if (value instanceof URL || value instanceof java.net.URI) {
            return value.toString();
        }
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(Authorizations::jsonValue).toList();
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(Authorizations::jsonValue).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> nested = new LinkedHashMap<>();
            map.forEach((name, inner) -> nested.put(String.valueOf(name), jsonValue(inner)));
            return nested;
        }
        return value.toString();
    }

    private static byte[] hash(String value) {
        return value.startsWith(PLACEHOLDER) ? HexFormat.of().parseHex(value.substring(PLACEHOLDER.length()))
                : AccessTokens.sha256(value);
    }

    private static Map<String, Object> json(String text) {
        try {
            return JSONObjectUtils.parse(text);
        }
        catch (ParseException e) {
            throw new IllegalStateException("An authorization's stored JSON does not parse", e);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Stored(byte[] refresh, UUID locker) {
    }

    /**
     * Another request exchanged the code this one was read with, between the read and the save: the code was
     * presented twice, and the token endpoint answers {@code invalid_grant}.
     */
    public static final class LostRedemption extends OAuth2AuthenticationException {

        LostRedemption() {
            super(new OAuth2Error("invalid_grant", "The authorization code was already used", null));
        }
    }

    /**
     * Another request rotated the refresh token this one was read with: the token was presented twice, and the
     * token endpoint answers {@code invalid_grant}.
     */
    public static final class LostRotation extends OAuth2AuthenticationException {

        LostRotation() {
            super(new OAuth2Error("invalid_grant", "The refresh token was already used", null));
        }
    }
}
