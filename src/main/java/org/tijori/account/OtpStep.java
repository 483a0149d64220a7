package org.tijori.account;

/**
 * One page flow that proves a mobile number with a code.
 *
 * @param name the key of the flow in the browser's session
 * @param purpose what the code is for
 * @param titleKey the message key of the code page's heading
 * @param action where the code form posts; the resend form posts to {@code action + "/resend"}
 * @param startOver where a person goes whose flow has not started
 */
public record OtpStep(String name, OtpPurpose purpose, String titleKey, String action, String startOver) {
}
