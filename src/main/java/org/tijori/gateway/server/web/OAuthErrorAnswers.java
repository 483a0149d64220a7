package org.tijori.gateway.server.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import org.tijori.gateway.web.DigiLockerErrors;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * How the authorization server's endpoints answer an error (ADR 23). The token and revocation endpoints, and a client
 * that fails to authenticate: DigiLocker's {@code {"error","error_description"}}, always both, never {@code error_uri}
 * ({@code 401} for {@code invalid_client}, else {@code 400}). The authorization endpoint: back to the requester's
 * registered redirect URI with {@code error}, {@code error_description} and {@code state}; but when the client or the
 * redirect URI is not known (or the consent form cannot be taken), Tijori's own error page ({@code 400}), so that
 * nothing is sent to an address no requester registered.
 */
final class OAuthErrorAnswers {

    /** What each error means, when Spring Security gives no description a developer could act on. */
    static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("invalid_request", "The request is missing a parameter or has one that is not valid"),
            Map.entry("invalid_client", "Client authentication failed"),
            Map.entry("invalid_grant",
                    "The authorization code, refresh token or code verifier is not valid, or has expired"),
            Map.entry("unauthorized_client", "The client is not allowed to use this grant"),
            Map.entry("unsupported_grant_type", "The grant type is not supported"),
            Map.entry("invalid_scope", "The scope asked for is not valid"),
            Map.entry("access_denied", "The resident denied the request"),
            Map.entry("unsupported_response_type", "Only response_type=code is supported"),
            Map.entry("unsupported_token_type", "The token type is not supported"),
            Map.entry("server_error", "Internal server error"));

    private OAuthErrorAnswers() {
    }

    /** The error of an exception, with a description always. */
    static OAuth2Error errorOf(AuthenticationException exception) {
        OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError()
                : new OAuth2Error("invalid_client");
        String description = error.getDescription();
        if (description == null || description.isBlank()) {
            description = DESCRIPTIONS.getOrDefault(error.getErrorCode(), "The request cannot be answered");
        }
        else if (description.startsWith("OAuth 2.0 Parameter: ")) {
            description = "The " + description.substring("OAuth 2.0 Parameter: ".length())
                    + " parameter is missing or not valid";
        }
        return new OAuth2Error(error.getErrorCode(), description, null);
    }

    /**
     * A client that failed to authenticate: {@code 401 invalid_client}, counted against its address's failures
     * ({@link ClientLimits}).
     */
    static AuthenticationFailureHandler clients(org.tijori.gateway.partner.PartnerLimits limits) {
        AuthenticationFailureHandler answer = json();
        return (request, response, exception) -> {
            if (!ClientLimits.failed(limits, request, response)) {
                answer.onAuthenticationFailure(request, response, exception);
            }
        };
    }

    /** Token and revocation endpoints, and client authentication. */
    static AuthenticationFailureHandler json() {
        return (request, response, exception) -> {
            OAuth2Error error = errorOf(exception);
            HttpStatus status = "invalid_client".equals(error.getErrorCode()) ? HttpStatus.UNAUTHORIZED
                    : "server_error".equals(error.getErrorCode()) ? HttpStatus.INTERNAL_SERVER_ERROR
                    : HttpStatus.BAD_REQUEST;
            if (status == HttpStatus.UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"tijori\"");
            }
            DigiLockerErrors.write(response, status, error.getErrorCode(), error.getDescription());
        };
    }

    /** The authorization endpoint. */
    static AuthenticationFailureHandler authorization(ITemplateEngine templates) {
        return (request, response, exception) -> {
            OAuth2Error error = errorOf(exception);
            OAuth2AuthorizationCodeRequestAuthenticationToken asked =
                    exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException failed
                            ? failed.getAuthorizationCodeRequestAuthentication() : null;
            if (asked == null || asked.getRedirectUri() == null || asked.getRedirectUri().isBlank()) {
                page(templates, request, response, error);
                return;
            }
            UriComponentsBuilder target = UriComponentsBuilder.fromUriString(asked.getRedirectUri())
                    .queryParam("error", error.getErrorCode())
                    .queryParam("error_description", UriUtils.encode(error.getDescription(), StandardCharsets.UTF_8));
            if (asked.getState() != null && !asked.getState().isBlank()) {
                target.queryParam("state", UriUtils.encode(asked.getState(), StandardCharsets.UTF_8));
            }
            response.sendRedirect(target.build(true).toUriString());
        };
    }

    /** Tijori's own error page, in the resident's language. */
    static void page(ITemplateEngine templates, HttpServletRequest request, HttpServletResponse response,
            OAuth2Error error) throws IOException {
        Locale locale = request.getLocale();
        Context context = new Context(locale);
        context.setVariable("error", error.getErrorCode());
        context.setVariable("description", error.getDescription());
        String page = templates.process("gateway/authorize-error", context);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(page);
    }
}
