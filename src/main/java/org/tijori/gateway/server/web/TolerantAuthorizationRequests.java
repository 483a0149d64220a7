package org.tijori.gateway.server.web;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.tijori.gateway.PartnerScope;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * DigiLocker's authorization requests as Spring Security's converters expect them (ADR 23). An authorization request
 * (a GET): {@code Code_challenge}, {@code Code_challenge_method} and {@code Verified_mobile}, as DigiLocker's reference
 * spells them, stand for the lower-case names when those are absent; scopes Tijori does not know are dropped; no
 * scope means {@code userdetails files.issueddocs files.uploadeddocs}; {@code userdetails} is always asked. DigiLocker's
 * own parameters ({@code acr}, {@code amr}, {@code pla}, {@code purpose}, {@code dl_flow}, {@code verified_mobile})
 * stay as additional parameters, kept with the request. The consent page's answer (a POST): {@code decision=deny}
 * empties the scopes, which Spring Security answers {@code access_denied}.
 */
final class TolerantAuthorizationRequests implements AuthenticationConverter {

    static final Map<String, String> ALIASES = Map.of("Code_challenge", "code_challenge",
            "Code_challenge_method", "code_challenge_method", "Verified_mobile", "verified_mobile");

    static final String DEFAULT_SCOPES = "userdetails files.issueddocs files.uploadeddocs";

    private final List<AuthenticationConverter> delegates;

    TolerantAuthorizationRequests(List<AuthenticationConverter> delegates) {
        this.delegates = List.copyOf(delegates);
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        HttpServletRequest tolerated = "GET".equals(request.getMethod()) ? authorizationRequest(request)
                : "POST".equals(request.getMethod()) ? consentAnswer(request) : request;
        for (AuthenticationConverter delegate : delegates) {
            Authentication converted = delegate.convert(tolerated);
            if (converted != null) {
                return converted;
            }
        }
        return null;
    }

    static HttpServletRequest authorizationRequest(HttpServletRequest request) {
        Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
        ALIASES.forEach((alias, name) -> {
            String[] aliased = parameters.remove(alias);
            if (aliased != null && !parameters.containsKey(name)) {
                parameters.put(name, aliased);
            }
        });
        String[] scope = parameters.get("scope");
        if (scope == null || scope.length == 1) {
            parameters.put("scope", new String[] { scopes(scope == null ? null : scope[0]) });
        }
        return new RewrittenParameters(request, parameters, true);
    }

    /** The scopes asked, known ones only, {@code userdetails} always; the default set when none is known. */
    static String scopes(String asked) {
        Set<String> known = new LinkedHashSet<>();
        if (asked != null) {
            Arrays.stream(asked.trim().split("\\s+"))
                    .filter(scope -> PartnerScope.named(scope).isPresent())
                    .forEach(known::add);
        }
        known.remove(PartnerScope.USERDETAILS.value());
        boolean openid = known.remove(PartnerScope.OPENID.value());
        Set<String> granted = new LinkedHashSet<>();
        granted.add(PartnerScope.USERDETAILS.value());
        if (known.isEmpty() && (asked == null || !asked.contains(PartnerScope.USERDETAILS.value()))) {
            granted.addAll(List.of(DEFAULT_SCOPES.split(" ")));
        }
        granted.addAll(known);
        if (openid) {
            granted.add(PartnerScope.OPENID.value());
        }
        return String.join(" ", granted);
    }

    static HttpServletRequest consentAnswer(HttpServletRequest request) {
        Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
        if ("deny".equals(request.getParameter("decision"))) {
            parameters.remove("scope");
        }
        else {
            // The resident's name, date of birth, gender and locker ID come with any consent: the page says so.
            Set<String> scopes = new LinkedHashSet<>(Arrays.asList(parameters.getOrDefault("scope", new String[0])));
            scopes.add(PartnerScope.USERDETAILS.value());
            parameters.put("scope", scopes.toArray(String[]::new));
        }
        return new RewrittenParameters(request, parameters, false);
    }
}
