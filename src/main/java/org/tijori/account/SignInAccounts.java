package org.tijori.account;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Finds the account behind a username for password sign-in. Passwords are compared by {@link PasswordComparison}
 * only, which asks the sign-in throttle first.
 */
@Component
class SignInAccounts implements UserDetailsService {

    private final Administrators administrators;

    private final JdbcClient jdbc;

    SignInAccounts(Administrators administrators, JdbcClient jdbc) {
        this.administrators = administrators;
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return administrators.findByUsername(username)
                .<UserDetails>map(admin -> new AdministratorPrincipal(admin.id(), admin.username(), admin.passwordHash()))
                .or(() -> jdbc.sql("""
                        select id, username, password_hash from account_resident
                        where lower(username) = lower(?) and status = 'ACTIVE'""")
                        .param(username)
                        .query((rs, n) -> new ResidentPrincipal(new AccountId(rs.getObject("id", UUID.class)),
                                rs.getString("username"), rs.getString("password_hash")))
                        .optional())
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }
}
