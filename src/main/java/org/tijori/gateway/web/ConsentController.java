package org.tijori.gateway.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.AccountId;
import org.tijori.gateway.PartnerScope;
import org.tijori.gateway.RequesterId;
import org.tijori.gateway.RequesterRegistrations;
import org.tijori.gateway.requester.RequesterSummary;
import org.tijori.gateway.token.Authorizations;
import org.tijori.issuer.HeldDocument;
import org.tijori.issuer.HeldDocuments;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The consent page (ADR 23), where the authorization endpoint sends a signed-in resident: who asks (name,
 * organisation, logo, registered purpose, the request's own purpose), for what (each scope in words, the issued
 * documents one by one or all of them), for how long; allow or deny. The form posts back to the authorization
 * endpoint with the page's CSRF token. The page writes its own content security policy: its {@code form-action} also
 * names the origins of the requester's registered redirect URIs, where the answer is sent after the POST.
 */
@Controller
class ConsentController {

    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'%s; frame-ancestors 'none'";

    private static final OAuth2TokenType STATE = new OAuth2TokenType("state");

    private final Authorizations authorizations;

    private final RequesterRegistrations requesters;

    private final HeldDocuments documents;

    ConsentController(Authorizations authorizations, RequesterRegistrations requesters, HeldDocuments documents) {
        this.authorizations = authorizations;
        this.requesters = requesters;
        this.documents = documents;
    }

    @GetMapping("/consent")
    String consent(@RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(required = false) String state, Authentication resident, Model model,
            HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        OAuth2Authorization authorization = state == null || state.length() > 256 ? null
                : authorizations.findByToken(state, STATE);
        OAuth2AuthorizationRequest request = authorization == null ? null
                : authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        if (request == null || !resident.getName().equals(authorization.getPrincipalName())
                || !request.getClientId().equals(clientId)) {
            response.setHeader("Content-Security-Policy", PAGE_POLICY.formatted(""));
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("error", "invalid_request");
            model.addAttribute("description", "This consent request is not yours, or it has ended.");
            return "gateway/authorize-error";
        }
        RequesterSummary requester = requesters.find(new RequesterId(UUID.fromString(
                authorization.getRegisteredClientId()))).orElseThrow();
        response.setHeader("Content-Security-Policy", PAGE_POLICY.formatted(origins(requester.redirectUris())));
        List<String> scopes = new ArrayList<>();
        for (PartnerScope scope : PartnerScope.values()) {
            if (scope != PartnerScope.USERDETAILS && scope != PartnerScope.OPENID
                    && request.getScopes().contains(scope.value())) {
                scopes.add(scope.value());
            }
        }
        Object purpose = request.getAdditionalParameters().get("purpose");
        model.addAttribute("requester", requester);
        requesters.logo(requester.id()).ifPresent(logo -> model.addAttribute("logo",
                "data:" + logo.mediaType() + ";base64," + Base64.getEncoder().encodeToString(logo.bytes())));
        model.addAttribute("requestPurpose", purpose instanceof String text && !text.isBlank()
                ? text.strip().substring(0, Math.min(200, text.strip().length())) : null);
        model.addAttribute("scopes", scopes);
        model.addAttribute("asksIssued", request.getScopes().contains(PartnerScope.ISSUED_DOCUMENTS.value()));
        List<HeldDocument> held = request.getScopes().contains(PartnerScope.ISSUED_DOCUMENTS.value())
                ? documents.list(AccountId.of(resident.getName()), HeldDocuments.Filter.NONE, 0, 200).documents()
                : List.of();
        model.addAttribute("documents", held);
        model.addAttribute("clientId", clientId);
        model.addAttribute("state", state);
        model.addAttribute("durations", List.of("once", "day", "month", "year"));
        return "gateway/consent";
    }

    /** {@code " https://bank.example.in http://127.0.0.1:8080"}: each redirect URI's origin, once. */
    static String origins(List<String> redirectUris) {
        Set<String> origins = new LinkedHashSet<>();
        for (String uri : redirectUris) {
            try {
                URI parsed = URI.create(uri);
                if (parsed.getScheme() == null) {
                    continue;
                }
                String origin = parsed.getHost() == null ? parsed.getScheme() + ":"
                        : parsed.getScheme() + "://" + parsed.getHost()
                                + (parsed.getPort() == -1 ? "" : ":" + parsed.getPort());
                if (origin.chars().noneMatch(c -> c == ';' || c == ',' || c == '\'' || Character.isWhitespace(c))) {
                    origins.add(origin);
                }
            }
            catch (IllegalArgumentException notAUri) {
                // Registration checked every URI; one that does not parse here adds no origin.
            }
        }
        StringBuilder joined = new StringBuilder();
        origins.forEach(origin -> joined.append(' ').append(origin));
        return joined.toString();
    }
}
