package org.tijori.account.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.modulith.NamedInterface;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Where a sign-in goes back to when it started elsewhere (ADR 23): a requester sent the resident to the gateway's
 * authorization endpoint, which needs a signed-in resident, so the endpoint remembers its own address in the session
 * and every sign-in completion (password, OTP, national ID, passkey, second factor, sign-up) goes there first. Only an
 * address of the authorization endpoint is remembered, so nothing else can be smuggled in as the place to land.
 */
@NamedInterface("pages")
public final class SignInResume {

    /** The one address a sign-in resumes: the gateway's authorization endpoint, with its query. */
    public static final String AUTHORIZE = "/public/oauth2/1/authorize";

    static final String ATTRIBUTE = SignInResume.class.getName();

    /** The longest address kept: an authorization request is far shorter. */
    static final int LONGEST = 4096;

    private SignInResume() {
    }

    /**
     * Remembers the request's own address, if it is a GET of the authorization endpoint, in a session made for it (a
     * form's POST cannot be repeated by a redirect).
     */
    public static void remember(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String query = request.getQueryString();
        String address = query == null ? path : path + "?" + query;
        if (!AUTHORIZE.equals(path) || address.length() > LONGEST) {
            return;
        }
        request.getSession(true).setAttribute(ATTRIBUTE, address);
    }

    /** The remembered address, once: it is forgotten as it is taken. */
    public static Optional<String> take(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof String address)) {
            return Optional.empty();
        }
        session.removeAttribute(ATTRIBUTE);
        return address.equals(AUTHORIZE) || address.startsWith(AUTHORIZE + "?") ? Optional.of(address)
                : Optional.empty();
    }

    /** Where a completed sign-in lands: the remembered address, or {@code otherwise}. */
    public static String landing(HttpServletRequest request, String otherwise) {
        return take(request).orElse(otherwise);
    }

    /** The same, for the request being answered on this thread, if there is one. */
    public static String landing(String otherwise) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return landing(attributes.getRequest(), otherwise);
        }
        return otherwise;
    }
}
