package org.tijori.account;

/**
 * One page flow that proves a mobile number with a code.
 *
 * @param name the key of the flow in the browser's session
 * @param purpose what the code is for
 * @param titleKey the message key of the code page's heading
 * @param action where the code form posts; the resend form posts to {@code action + "/resend"}
 * @param startOver where a person goes whose flow has not started
 * @param sentKey the message key of the code page's lead when the page must not show where the code went (a
 *                number the person did not give and has not proven, such as the one the ID authority holds);
 *                null to show the last digits of the number
 */
public record OtpStep(String name, OtpPurpose purpose, String titleKey, String action, String startOver,
        String sentKey) {

    /** A flow to a number the person gave: the code page shows its last digits. */
    public OtpStep(String name, OtpPurpose purpose, String titleKey, String action, String startOver) {
        this(name, purpose, titleKey, action, startOver, null);
    }
}
