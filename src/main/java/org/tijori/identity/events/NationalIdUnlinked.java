package org.tijori.identity.events;

import org.tijori.account.AccountId;

/**
 * A resident unlinked a national ID, after proving it again by OTP.
 */
public record NationalIdUnlinked(AccountId account, String lastFour) {
}
