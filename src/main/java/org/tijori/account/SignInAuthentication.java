package org.tijori.account;

import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A session's sign-in, complete or waiting for its second factor (see {@link SignInFactors}): the
 * principal, the factors proven, and how the trail names the way in, e.g. {@code mobile-otp+totp}.
 */
public final class SignInAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final UserDetails principal;

    private final String method;

    SignInAuthentication(UserDetails principal, String method, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.principal = principal;
        this.method = method;
        super.setAuthenticated(true);
    }

    /** How the trail names this sign-in: the first factor's way, then {@code +} the second's, if any. */
    public String method() {
        return method;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public UserDetails getPrincipal() {
        return principal;
    }

    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated) {
            throw new IllegalArgumentException("only TwoStepSignIn decides what a sign-in proved");
        }
        super.setAuthenticated(false);
    }
}
