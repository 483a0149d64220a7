package org.tijori.issuer.web;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.events.IssuerSignedIn;
import org.tijori.issuer.portal.IssuerPortal;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Portal sessions of issuers. The principal's name is the issuer ID (so the trail and the session index
 * follow the issuer); the client ID it signed in with rides along, so that a rotation or a suspension
 * ends sessions opened with the old credentials.
 */
@Component
class IssuerSessions {

    static final String ROLE = "ROLE_ISSUER";

    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    private final IssuerPortal portal;

    private final ApplicationEventPublisher events;

    IssuerSessions(IssuerPortal portal, ApplicationEventPublisher events) {
        this.portal = portal;
        this.events = events;
    }

    /** Signs the issuer in for this browser, with a new session ID (no fixation). */
    void signIn(IssuerId issuer, String clientId, HttpServletRequest request, HttpServletResponse response) {
        request.getSession();
        request.changeSessionId();
        save(issuer, clientId, request, response);
        events.publishEvent(new IssuerSignedIn(issuer));
    }

    /** After the issuer rotated its credentials here: this session goes on with the new client ID. */
    void rotated(IssuerId issuer, String clientId, HttpServletRequest request, HttpServletResponse response) {
        save(issuer, clientId, request, response);
    }

    /**
     * The signed-in issuer, if its session still stands; otherwise the session is ended here.
     */
    Optional<IssuerId> current(Authentication authentication, HttpServletRequest request,
            HttpServletResponse response) {
        if (authentication != null && authentication.getDetails() instanceof String clientId) {
            IssuerId issuer = new IssuerId(authentication.getName());
            if (portal.stillSignedIn(issuer, clientId)) {
                return Optional.of(issuer);
            }
        }
        new SecurityContextLogoutHandler().logout(request, response, authentication);
        return Optional.empty();
    }

    private void save(IssuerId issuer, String clientId, HttpServletRequest request, HttpServletResponse response) {
        var authentication = UsernamePasswordAuthenticationToken.authenticated(issuer.value(), null,
                List.of(new SimpleGrantedAuthority(ROLE)));
        authentication.setDetails(clientId);
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(authentication);
        holder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
