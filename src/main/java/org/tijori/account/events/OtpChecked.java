package org.tijori.account.events;

import org.tijori.account.MobileNumber;
import org.tijori.account.OtpPurpose;

/**
 * A one-time password was checked.
 *
 * @param outcome {@code confirmed}, {@code rejected}, {@code expired}, {@code exhausted} or {@code unknown}
 */
public record OtpChecked(MobileNumber mobile, OtpPurpose purpose, String outcome) {
}
