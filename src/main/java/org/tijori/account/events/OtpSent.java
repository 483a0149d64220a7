package org.tijori.account.events;

import org.tijori.account.MobileNumber;
import org.tijori.account.OtpPurpose;

/**
 * A one-time password was issued (and, when {@code delivered}, sent by SMS).
 */
public record OtpSent(MobileNumber mobile, OtpPurpose purpose, boolean delivered) {
}
