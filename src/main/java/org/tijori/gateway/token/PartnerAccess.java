package org.tijori.gateway.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.tijori.account.AccountId;
import org.tijori.account.LockerId;
import org.tijori.gateway.ConsentId;
import org.tijori.gateway.PartnerScope;
import org.tijori.gateway.RequesterId;
import org.tijori.issuer.DocumentUri;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * Who a partner request's bearer token stands for, and what its consent lets it reach: the principal of every
 * partner API call. Its name is the requester's client ID and its first role {@code ROLE_CLIENT}, so that the
 * activity trail names the requester as the actor; its other authorities are the granted scopes.
 *
 * @param account the resident whose documents the token reaches
 * @param locker the resident's locker ID ({@code digilockerid})
 * @param requester the requester the token was issued to
 * @param clientId the requester's client ID
 * @param consent the consent the token was issued under
 * @param scopes what the token may do
 * @param allIssued whether every issued document is reached, also those received after the consent
 * @param documents the issued documents reached when not all are: the ones the resident ticked
 * @param expiresAt when the token ends (its own lifetime, never past the consent's end)
 */
public record PartnerAccess(AccountId account, LockerId locker, RequesterId requester, String clientId,
        ConsentId consent, Set<PartnerScope> scopes, boolean allIssued, Set<DocumentUri> documents, Instant expiresAt)
        implements OAuth2AuthenticatedPrincipal {

    /** The role of a requester acting through a token, first among the authorities. */
    public static final String ROLE = "ROLE_CLIENT";

    public PartnerAccess {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(locker, "locker");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(consent, "consent");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = scopes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(scopes));
        documents = Set.copyOf(documents);
    }

    /** Whether the token may do what {@code scope} allows. */
    public boolean has(PartnerScope scope) {
        return scopes.contains(scope);
    }

    /** Whether the consent reaches this issued document. */
    public boolean reaches(DocumentUri document) {
        return allIssued || documents.contains(document);
    }

    @Override
    public String getName() {
        return clientId;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> authorities = new ArrayList<>(scopes.size() + 1);
        authorities.add(new SimpleGrantedAuthority(ROLE));
        scopes.forEach(scope -> authorities.add(new SimpleGrantedAuthority(scope.authority())));
        return authorities;
    }

    /** The claims an introspection would answer (RFC 7662 names): client, subject, scopes, expiry. */
    @Override
    public Map<String, Object> getAttributes() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("active", true);
        attributes.put("client_id", clientId);
        attributes.put("sub", locker.toString());
        attributes.put("scope", scopes.stream().map(PartnerScope::value).toList());
        attributes.put("exp", expiresAt);
        return attributes;
    }
}
