package org.tijori.account;

/**
 * What a one-time password is for. A code issued for one purpose never proves another.
 */
public enum OtpPurpose {
    SIGN_UP("create your locker"),
    SIGN_IN("sign in"),
    NATIONAL_ID_SIGN_IN("sign in with your national ID"),
    LINK_NATIONAL_ID("link your national ID"),
    UNLINK_NATIONAL_ID("unlink your national ID"),
    CHANGE_MOBILE("confirm your new mobile number"),
    RESET_PASSWORD("reset your password"),
    LINK_EXTERNAL_ACCOUNT("link an external account"),
    RESET_SECOND_FACTOR("remove the second sign-in factor of your locker"),
    PARTNER_DEVICE("let an app on a device open your locker"),
    ESIGN("e-sign a document in your locker");

    private final String description;

    OtpPurpose(String description) {
        this.description = description;
    }

    /** What the SMS says the code is for. */
    public String description() {
        return description;
    }
}
