package org.tijori.account;

import java.util.Collection;
import java.util.Set;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * How a session proved who it belongs to, as Spring Security's {@link FactorGrantedAuthority}s name the
 * factors, and the stage a sign-in has reached. A session gets the role of its account
 * ({@code ROLE_RESIDENT}, {@code ROLE_ADMIN}) only when the sign-in is complete; until then it holds only
 * its factors and one of the two stage markers below.
 */
public final class SignInFactors {

    public static final String PASSWORD = FactorGrantedAuthority.PASSWORD_AUTHORITY;

    /** A passkey with user verification: possession and a PIN or biometric, so a sign-in of its own. */
    public static final String PASSKEY = FactorGrantedAuthority.WEBAUTHN_AUTHORITY;

    /** A code sent by SMS to the account's mobile number (sign-in, national ID, sign-up, password reset). */
    public static final String SMS = "FACTOR_SMS";

    /** An external OpenID Connect provider vouched for the person. */
    public static final String EXTERNAL = FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY;

    /** A code from an authenticator app (RFC 6238). */
    public static final String TOTP = "FACTOR_TOTP";

    /** One of the account's single-use recovery codes. */
    public static final String RECOVERY_CODE = "FACTOR_RECOVERY_CODE";

    /** The bootstrap bearer token: automation, outside the people's sign-in. */
    public static final String BEARER = FactorGrantedAuthority.BEARER_AUTHORITY;

    /** The factors that complete a sign-in that needs a second factor. */
    public static final Set<String> SECOND = Set.of(TOTP, PASSKEY, RECOVERY_CODE);

    /** Stage marker: the first factor is proven, the account's second factor is not yet. */
    public static final String AWAITING_SECOND_FACTOR = "STAGE_AWAITING_SECOND_FACTOR";

    /** Stage marker: an administrator without a second factor, who may do nothing but set one up. */
    public static final String AWAITING_ENROLMENT = "STAGE_AWAITING_ENROLMENT";

    private SignInFactors() {
    }

    /** Where a sign-in stands. */
    public enum Stage {
        /** Nobody is signed in. */
        NONE,
        /** The second factor is asked for. */
        SECOND_FACTOR,
        /** An administrator must set up a second factor first. */
        ENROLMENT,
        /** Signed in with every factor the account needs. */
        COMPLETE
    }

    public static Stage stageOf(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Stage.NONE;
        }
        if (has(authentication, AWAITING_ENROLMENT)) {
            return Stage.ENROLMENT;
        }
        return has(authentication, AWAITING_SECOND_FACTOR) ? Stage.SECOND_FACTOR : Stage.COMPLETE;
    }

    /** Whether the session proved a second factor, or a passkey (which is two factors in one). */
    public static boolean hasSecondFactor(Authentication authentication) {
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(authority -> SECOND.contains(authority.getAuthority()));
    }

    public static boolean has(Authentication authentication, String authority) {
        return has(authentication.getAuthorities(), authority);
    }

    static boolean has(Collection<? extends GrantedAuthority> authorities, String authority) {
        return authorities.stream().anyMatch(granted -> authority.equals(granted.getAuthority()));
    }

    static String name(String factor) {
        return switch (factor) {
            case PASSWORD -> "password";
            case PASSKEY -> "passkey";
            case SMS -> "sms";
            case EXTERNAL -> "external";
            case TOTP -> "totp";
            case RECOVERY_CODE -> "recovery-code";
            default -> factor.toLowerCase(java.util.Locale.ROOT);
        };
    }
}
