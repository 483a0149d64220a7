package org.tijori.gateway.web;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.gateway.RequesterId;
import org.tijori.gateway.events.RequesterSignedIn;
import org.tijori.gateway.requester.RequesterPortal;

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
 * Portal sessions of requesters, as the issuers' are. The principal's name is the requester's ID (so the trail and
 * the session index follow the requester); the client ID and the time its secret was issued ride along, so that
 * a rotation, a suspension or a reinstatement ends sessions opened with the old credentials on their next request.
 */
@Component
class RequesterSessions {

    static final String ROLE = "ROLE_REQUESTER";

    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    private final RequesterPortal portal;

    private final ApplicationEventPublisher events;

    RequesterSessions(RequesterPortal portal, ApplicationEventPublisher events) {
        this.portal = portal;
        this.events = events;
    }

    /** Signs the requester in for this browser, with a new session ID (no fixation). */
    void signIn(RequesterId requester, String clientId, Instant secretIssuedAt, HttpServletRequest request,
            HttpServletResponse response) {
        request.getSession();
        request.changeSessionId();
        save(requester, new Signed(clientId, secretIssuedAt), request, response);
        events.publishEvent(new RequesterSignedIn(requester, clientId));
    }

    /** After the requester rotated its secret here: this session goes on with the new one. */
    void rotated(RequesterId requester, String clientId, Instant secretIssuedAt, HttpServletRequest request,
            HttpServletResponse response) {
        save(requester, new Signed(clientId, secretIssuedAt), request, response);
    }

    /** The signed-in requester, if its session still stands; otherwise the session is ended here. */
    Optional<RequesterId> current(Authentication authentication, HttpServletRequest request,
            HttpServletResponse response) {
        if (authentication != null && authentication.getDetails() instanceof Signed signed) {
            RequesterId requester = new RequesterId(UUID.fromString(authentication.getName()));
            if (portal.stillSignedIn(requester, signed.clientId(), signed.secretIssuedAt())) {
                return Optional.of(requester);
            }
        }
        new SecurityContextLogoutHandler().logout(request, response, authentication);
        return Optional.empty();
    }

    private void save(RequesterId requester, Signed signed, HttpServletRequest request, HttpServletResponse response) {
        var authentication = UsernamePasswordAuthenticationToken.authenticated(requester.toString(), null,
                List.of(new SimpleGrantedAuthority(ROLE)));
        authentication.setDetails(signed);
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(authentication);
        holder.setContext(context);
        contexts.saveContext(context, request, response);
    }

    /** What a portal session signed in with: kept in the session, so it travels with it between nodes. */
    record Signed(String clientId, Instant secretIssuedAt) implements Serializable {
    }
}
