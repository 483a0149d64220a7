package org.tijori.gateway.token;

import java.util.List;

import org.tijori.account.AccountId;
import org.tijori.account.LockerId;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The resident behind an authorization, as {@link Authorizations} rebuilds it from its row: its name is the locker ID,
 * so that an ID token's {@code sub} is the {@code digilockerid} DigiLocker's clients know.
 */
public final class GrantingResident extends AbstractAuthenticationToken {

    private final AccountId account;

    private final LockerId locker;

    public GrantingResident(AccountId account, LockerId locker) {
        super(List.of(new SimpleGrantedAuthority("ROLE_RESIDENT")));
        this.account = account;
        this.locker = locker;
        setAuthenticated(true);
    }

    public AccountId account() {
        return account;
    }

    public LockerId locker() {
        return locker;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return locker.toString();
    }

    @Override
    public String getName() {
        return locker.toString();
    }
}
