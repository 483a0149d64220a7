package org.tijori.account;

import java.util.Locale;
import java.util.Optional;

/**
 * How to reach a resident and in which language: for the modules that send them text messages or e-mail.
 *
 * @param account the account
 * @param mobile the mobile number
 * @param email the e-mail address, only once the resident proved it with a code sent to it; never an address
 *              still waiting for its code
 * @param language the language the resident chose last ({@code en} or {@code hi}), English when they never chose
 */
public record ResidentContact(AccountId account, MobileNumber mobile, Optional<EmailAddress> email, Locale language) {
}
