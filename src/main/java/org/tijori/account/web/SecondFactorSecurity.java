package org.tijori.account.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.TijoriProperties;
import org.tijori.account.AdministratorPrincipal;
import org.tijori.account.PasskeySignIn;
import org.tijori.account.ResidentPrincipal;
import org.tijori.account.SignInFactors;
import org.tijori.account.SignInThrottle;
import org.tijori.account.TwoStepSignIn;
import org.tijori.account.factor.Passkeys;

import org.springframework.http.MediaType;
import org.springframework.modulith.NamedInterface;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What the security filter chains need to know of second factors: passkeys (Spring Security's WebAuthn
 * support, with Tijori's own sign-in behind it), where a half signed-in session is sent, and the rule for
 * administrators. The web module's filter chains use it, through the named interface {@code account :: security}.
 */
@Component
@NamedInterface("security")
public class SecondFactorSecurity {

    /** Where a session that waits for its second factor is sent. */
    public static final String SECOND_FACTOR_PAGE = "/login/second-factor";

    /** Where second factors are set up; an administrator without one is sent here. */
    public static final String SECURITY_PAGE = "/profile/security";

    private final PasskeySignIn passkeySignIn;

    private final Passkeys passkeys;

    private final URI baseUrl;

    SecondFactorSecurity(Passkeys passkeys, TwoStepSignIn twoSteps, SignInThrottle throttle, TijoriProperties tijori) {
        this.passkeySignIn = new PasskeySignIn(passkeys, twoSteps, throttle);
        this.passkeys = passkeys;
        this.baseUrl = tijori.baseUrl();
    }

    /**
     * Administrators: the role, and a second factor proven in this session (or the bootstrap token, which is
     * automation's own credential).
     */
    public static AuthorizationManager<RequestAuthorizationContext> administrator() {
        return AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasRole("ADMIN"),
                AuthorityAuthorizationManager.hasAnyAuthority(SignInFactors.TOTP, SignInFactors.PASSKEY,
                        SignInFactors.RECOVERY_CODE, SignInFactors.BEARER));
    }

    /** Who may set up second factors: a complete sign-in, or an administrator who must set one up. */
    public static AuthorizationManager<RequestAuthorizationContext> enrolment() {
        return AuthorityAuthorizationManager.hasAnyAuthority(ResidentPrincipal.ROLE, AdministratorPrincipal.ROLE,
                SignInFactors.AWAITING_ENROLMENT);
    }

    /**
     * Passkeys on the pages' chain: {@code POST /webauthn/authenticate/options} and {@code /login/webauthn} sign
     * in, {@code POST /webauthn/register/options} and {@code /webauthn/register} make a passkey. The relying
     * party is {@code tijori.base-url}. A passkey sign-in gets a new session ID, like every other sign-in.
     */
    public void passkeys(HttpSecurity http) throws Exception {
        http.webAuthn(webAuthn -> webAuthn.rpName("Tijori").rpId(baseUrl.getHost())
                .allowedOrigins(Passkeys.origin(baseUrl))
                .disableDefaultRegistrationPage(true)
                .creationOptionsRepository(passkeys)
                .withObjectPostProcessor(new ObjectPostProcessor<WebAuthnAuthenticationFilter>() {
                    @Override
                    public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationManager(new ProviderManager(passkeySignIn));
                        filter.setSessionAuthenticationStrategy(new ChangeSessionIdAuthenticationStrategy());
                        filter.setAuthenticationSuccessHandler(SecondFactorSecurity::signedInWithPasskey);
                        return filter;
                    }
                }));
        // Ahead of Spring Security's registration filter, which lets a refused passkey escape as a 500.
        http.addFilterAfter(new PasskeyRefusals(), AuthorizationFilter.class);
    }

    /**
     * A passkey the server will not keep (no name, an answer from the authenticator that does not verify, a
     * body that is not one) is answered {@code 400} with what was wrong, not as an unexpected error.
     */
    static final class PasskeyRefusals extends OncePerRequestFilter {

        private static final Logger log = LoggerFactory.getLogger(PasskeyRefusals.class);

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !("POST".equals(request.getMethod()) && "/webauthn/register".equals(request.getServletPath()));
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                chain.doFilter(request, response);
            }
            catch (AccessDeniedException | AuthenticationException e) {
                throw e;
            }
            catch (RuntimeException e) {
                log.debug("A passkey was refused", e);
                if (!response.isCommitted()) {
                    response.resetBuffer();
                    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                    response.getWriter().write("{\"success\":false,\"error\":\"passkey-refused\"}");
                }
            }
        }
    }

    /**
     * Pages refused to a session that waits for its second factor (or, for an administrator, for its set-up)
     * send it there; everything else is refused as {@code otherwise} does.
     */
    public AccessDeniedHandler pagesDenied(AccessDeniedHandler otherwise) {
        return (request, response, denied) -> {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            SignInFactors.Stage stage = SignInFactors.stageOf(authentication);
            if (!(denied instanceof CsrfException) && stage == SignInFactors.Stage.SECOND_FACTOR) {
                response.sendRedirect(request.getContextPath() + SECOND_FACTOR_PAGE);
            }
            else if (!(denied instanceof CsrfException) && stage == SignInFactors.Stage.ENROLMENT) {
                response.sendRedirect(request.getContextPath() + SECURITY_PAGE + "?required");
            }
            else {
                otherwise.handle(request, response, denied);
            }
        };
    }

    /**
     * Residents land on their dashboard, or back where a sign-in was asked for ({@link SignInResume}); administrators
     * on their overview; everyone else on the home page.
     */
    public static String landing(Authentication authentication) {
        if (SignInFactors.has(authentication, ResidentPrincipal.ROLE)) {
            return SignInResume.landing("/dashboard");
        }
        return SignInFactors.has(authentication, AdministratorPrincipal.ROLE) ? "/admin" : "/";
    }

    /** The answer the passkey script expects: where to go now. */
    private static void signedInWithPasskey(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"authenticated\":true,\"redirectUrl\":\"" + request.getContextPath()
                + landing(authentication) + "\"}");
    }
}
