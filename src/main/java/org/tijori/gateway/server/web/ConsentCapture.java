package org.tijori.gateway.server.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.tijori.account.AccountId;
import org.tijori.gateway.ConsentDuration;
import org.tijori.gateway.Consents;
import org.tijori.gateway.PartnerScope;
import org.tijori.gateway.RequesterId;
import org.tijori.gateway.consent.Consent;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.HeldDocuments;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;

/**
 * The consent page's answer, inside Spring Security's consent provider (ADR 23): the documents ticked must be live
 * documents of this resident, the duration one the page offers; then the consent is recorded with its receipt and
 * linked to the authorization, before the code is made. A denial stores nothing and is only recorded as refused.
 */
final class ConsentCapture implements Consumer<OAuth2AuthorizationConsentAuthenticationContext> {

    /** The form's value for every issued document, also those received later. */
    static final String ALL_DOCUMENTS = "all";

    private final Consents consents;

    private final HeldDocuments documents;

    ConsentCapture(Consents consents, HeldDocuments documents) {
        this.consents = consents;
        this.documents = documents;
    }

    @Override
    public void accept(OAuth2AuthorizationConsentAuthenticationContext context) {
        OAuth2AuthorizationConsentAuthenticationToken answer = context.getAuthentication();
        Authentication resident = (Authentication) answer.getPrincipal();
        AccountId account = AccountId.of(resident.getName());
        RequesterId requester = new RequesterId(UUID.fromString(context.getRegisteredClient().getId()));
        Set<String> scopes = new LinkedHashSet<>();
        context.getAuthorizationConsent().authorities(authorities -> authorities.stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("SCOPE_"))
                .forEach(authority -> scopes.add(authority.substring("SCOPE_".length()))));
        if (scopes.isEmpty()) {
            consents.refused(account, requester, context.getRegisteredClient().getClientId());
            return;
        }
        scopes.add(PartnerScope.USERDETAILS.value());
        OAuth2AuthorizationRequest request = context.getAuthorizationRequest();
        scopes.retainAll(request.getScopes());
        Map<String, Object> form = answer.getAdditionalParameters();
        ConsentDuration duration = ConsentDuration.named(single(form.get("duration"), "day"))
                .orElseThrow(() -> refused(context, "duration", "Choose how long the requester may reach your locker"));
        List<String> ticked = values(form.get("document"));
        boolean allIssued = ticked.contains(ALL_DOCUMENTS);
        List<String> chosen = new ArrayList<>();
        if (!allIssued) {
            for (String uri : new HashSet<>(ticked)) {
                if (!live(account, uri)) {
                    throw refused(context, "document", "A document chosen is not one of yours");
                }
                chosen.add(uri);
            }
        }
        Object purpose = request.getAdditionalParameters().get("purpose");
        OAuth2Authorization authorization = context.getAuthorization();
        consents.grant(new Consents.ConsentRequest(account, requester, Consent.Kind.CODE, scopes, allIssued, chosen,
                purpose instanceof String text && !text.isBlank() ? text.strip() : null, duration),
                authorization.getId());
    }

    private boolean live(AccountId account, String uri) {
        try {
            return documents.find(account, DocumentUri.parse(uri)).isPresent();
        }
        catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    private static String single(Object value, String otherwise) {
        if (value instanceof String text) {
            return text;
        }
        return value == null ? otherwise : "";
    }

    private static List<String> values(Object value) {
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof String[] texts) {
            return List.of(texts);
        }
        return List.of();
    }

    /** A form that cannot be taken: answered on Tijori's error page, nothing stored, the requester not told. */
    private static OAuth2AuthorizationCodeRequestAuthenticationException refused(
            OAuth2AuthorizationConsentAuthenticationContext context, String field, String description) {
        OAuth2AuthorizationConsentAuthenticationToken answer = context.getAuthentication();
        return new OAuth2AuthorizationCodeRequestAuthenticationException(
                new OAuth2Error("invalid_request", description + " (" + field + ")", null),
                new OAuth2AuthorizationCodeRequestAuthenticationToken(answer.getAuthorizationUri(),
                        answer.getClientId(), (Authentication) answer.getPrincipal(), null, null, Set.of(), Map.of()));
    }
}
