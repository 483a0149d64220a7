package org.tijori.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the first administrator gets in.
 *
 * @param bootstrapToken a bearer token accepted on {@code /api/v1/admin/**}, for automation and the
 *                       first set-up; unset disables it
 * @param username with {@code password}: the administrator created at start-up when none exists
 * @param password that administrator's password (at least 8 characters)
 * @param resetSecondFactor the username of an administrator who lost every second factor: at start-up they are
 *                          removed, so that the password leads to setting up a new one; remove the setting
 *                          again once done (every start with it set removes them again)
 */
@ConfigurationProperties("tijori.admin")
public record AdministrationProperties(String bootstrapToken, String username, String password,
        String resetSecondFactor) {

    public boolean hasBootstrapToken() {
        return bootstrapToken != null && !bootstrapToken.isBlank();
    }

    @Override
    public String toString() {
        return "AdministrationProperties[bootstrapToken=" + (hasBootstrapToken() ? "(set)" : "(unset)")
                + ", username=" + username + ", password=" + (password == null ? "(unset)" : "(set)")
                + ", resetSecondFactor=" + resetSecondFactor + "]";
    }
}
