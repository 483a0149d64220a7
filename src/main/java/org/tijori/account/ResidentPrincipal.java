package org.tijori.account;

import java.util.Collection;
import java.util.List;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A signed-in resident. Its name, as Spring Security and the session index see it, is the account ID,
 * so that sessions, the trail and "sign out everywhere" follow the account, not a username that can
 * change.
 */
public final class ResidentPrincipal implements UserDetails, CredentialsContainer {

    public static final String ROLE = "ROLE_RESIDENT";

    private final String accountId;

    private final String displayName;

    private String passwordHash;

    ResidentPrincipal(AccountId accountId, String displayName, String passwordHash) {
        this.accountId = accountId.toString();
        this.displayName = displayName;
        this.passwordHash = passwordHash;
    }

    public AccountId accountId() {
        return AccountId.of(accountId);
    }

    /** The name shown on pages. */
    public String displayName() {
        return displayName;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(ROLE));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return accountId;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResidentPrincipal that && that.accountId.equals(accountId);
    }

    @Override
    public int hashCode() {
        return accountId.hashCode();
    }

    @Override
    public String toString() {
        return "ResidentPrincipal[" + accountId + "]";
    }
}
