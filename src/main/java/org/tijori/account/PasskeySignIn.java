package org.tijori.account;

import org.tijori.account.factor.Passkeys;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;

/**
 * Signs in with a passkey: Spring Security's WebAuthn ceremony proves the passkey, and the session is the
 * same kind as every other sign-in's (a {@link ResidentPrincipal} or an {@link AdministratorPrincipal}),
 * complete at once. Used by the passkey filter alone (set up in {@code account.web}), not a bean: the password
 * form's provider is the application's only one.
 */
public final class PasskeySignIn implements AuthenticationProvider {

    private final Passkeys passkeys;

    private final TwoStepSignIn twoSteps;

    private final SignInThrottle throttle;

    public PasskeySignIn(Passkeys passkeys, TwoStepSignIn twoSteps, SignInThrottle throttle) {
        this.passkeys = passkeys;
        this.twoSteps = twoSteps;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var request = (WebAuthnAuthenticationRequestToken) authentication;
        PublicKeyCredentialUserEntity user;
        try {
            user = passkeys.authenticate(request.getWebAuthnRequest());
        }
        catch (RuntimeException e) {
            throw new BadCredentialsException("the passkey was not accepted", e);
        }
        SignInAuthentication signedIn = twoSteps.passkey(user.getName())
                .orElseThrow(() -> new BadCredentialsException("the passkey's account is gone"));
        signedIn.setDetails(request.getDetails());
        // A passkey proves the owner: strangers' password guesses no longer keep them from their password.
        throttle.provenOtherwise(signedIn.getPrincipal(),
                request.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null);
        return signedIn;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return WebAuthnAuthenticationRequestToken.class.isAssignableFrom(authentication);
    }
}
