package org.tijori.identity.events;

import org.tijori.account.AccountId;

/**
 * A resident linked an account at an external OpenID Connect provider, after proving the locker's
 * mobile number by OTP.
 */
public record ExternalAccountLinked(AccountId account, String provider) {
}
