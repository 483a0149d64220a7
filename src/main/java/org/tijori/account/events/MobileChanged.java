package org.tijori.account.events;

import org.tijori.account.AccountId;
import org.tijori.account.MobileNumber;

/**
 * A resident moved the account to another mobile number, proven by OTP.
 */
public record MobileChanged(AccountId account, MobileNumber newMobile) {
}
