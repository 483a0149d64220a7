package org.tijori.account;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Finds the account behind a username for password sign-in.
 */
@Component
class SignInAccounts implements UserDetailsService {

    private final Administrators administrators;

    private final ResidentAccounts residents;

    SignInAccounts(Administrators administrators, ResidentAccounts residents) {
        this.administrators = administrators;
        this.residents = residents;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return administrators.findByUsername(username)
                .<UserDetails>map(admin -> new AdministratorPrincipal(admin.id(), admin.username(), admin.passwordHash()))
                .or(() -> residents.findByUsername(username).map(stored -> new ResidentPrincipal(
                        stored.account().id(), stored.account().username(), stored.passwordHash())))
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }
}
