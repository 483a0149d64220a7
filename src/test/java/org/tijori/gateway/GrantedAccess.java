package org.tijori.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.consent.Consent;
import org.tijori.gateway.token.Authorizations;
import org.tijori.gateway.token.ReferenceTokens;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * A resident's consent to a requester and tokens under it, made through {@link Consents} and {@link Authorizations}
 * directly (ADR 23's fixture): for tests of what a token reaches, which need no authorization flow. The tokens'
 * values are held here only; the gateway keeps their hashes.
 */
public final class GrantedAccess {

    public static final String PASSWORD = "a long and unusual phrase";

    private static final AtomicLong residents = new AtomicLong(System.nanoTime() % 1_000_000 * 100);

    private final ResidentAccounts accounts;

    private final Consents consents;

    private final Authorizations authorizations;

    public GrantedAccess(ResidentAccounts accounts, Consents consents, Authorizations authorizations) {
        this.accounts = accounts;
        this.consents = consents;
        this.authorizations = authorizations;
    }

    /** A new resident, with a mobile number and a username no other test uses, and {@link #PASSWORD}. */
    public ResidentAccount newResident() {
        long n = residents.incrementAndGet() % 100_000_000;
        return accounts.signUp(new MobileNumber("94" + String.format("%08d", n)), "granting" + n, PASSWORD);
    }

    /** A consent of {@code resident} to {@code requester} for a day, all issued documents, and tokens under it. */
    public Access grant(ResidentAccount resident, UUID requester, String clientId, String... scopes) {
        return grant(resident, requester, clientId, ConsentDuration.DAY, true, List.of(), scopes);
    }

    /** A consent as asked and tokens under it: an access token, and a refresh token unless {@code ONCE}. */
    public Access grant(ResidentAccount resident, UUID requester, String clientId, ConsentDuration duration,
            boolean allIssued, List<String> documents, String... scopes) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        authorizations.save(OAuth2Authorization.withRegisteredClient(client(requester, clientId))
                .id(id)
                .principalName(resident.id().toString())
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizedScopes(Set.of(scopes))
                .build());
        Consent consent = consents.grant(new Consents.ConsentRequest(resident.id(), new RequesterId(requester),
                Consent.Kind.CODE, List.of(scopes), allIssued, documents, null, duration), id);
        Instant accessEnds = now.plusSeconds(3600).isAfter(consent.expiresAt()) ? consent.expiresAt()
                : now.plusSeconds(3600);
        String access = ReferenceTokens.newValue();
        String refresh = duration == ConsentDuration.ONCE ? null : ReferenceTokens.newValue();
        OAuth2Authorization.Builder tokens = OAuth2Authorization.from(authorizations.findById(id))
                .accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, access, now, accessEnds,
                        Set.of(scopes)));
        if (refresh != null) {
            tokens.refreshToken(new OAuth2RefreshToken(refresh, now, consent.expiresAt()));
        }
        authorizations.save(tokens.build());
        return new Access(resident, consent, id, access, refresh);
    }

    /** The requester as the authorization server would know it, enough for an authorization's row. */
    static RegisteredClient client(UUID requester, String clientId) {
        return RegisteredClient.withId(requester.toString()).clientId(clientId)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("https://bank.example.in/callback").build();
    }

    /** A consent and the tokens issued under it. */
    public record Access(ResidentAccount resident, Consent consent, String authorization, String accessToken,
            String refreshToken) {

        public String[] bearer() {
            return new String[] { "Authorization", "Bearer " + accessToken };
        }

        @Override
        public String toString() {
            return "Access[consent=" + consent.id() + ", token=…" + accessToken.substring(accessToken.length() - 4)
                    + "]";
        }
    }
}
