package org.tijori.audit.web;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds a resident can narrow their activity to, each a set of actions. Actions of later modules
 * (shares, requesters' access) join here as they are built; an action in no kind still shows under
 * all activity.
 */
public enum ActivityKind {

    ACCOUNT("account.ResidentSignedUp", "account.SignedIn", "account.SignedOut", "account.SignedOutEverywhere",
            "account.PasswordChanged", "account.PasswordReset", "account.MobileChanged",
            "account.AccountDeletionScheduled", "identity.ExternalAccountLinked", "account.OtpSent",
            "account.OtpChecked", "account.EmailCodeSent", "account.EmailChanged", "account.EmailRemoved",
            "account.SessionEnded"),
    UPLOADS("locker.DocumentUploaded", "locker.DocumentChanged", "locker.DocumentDeleted", "locker.DocumentRestored",
            "locker.DocumentSigned", "locker.DocumentSigningFailed"),
    DOWNLOADS("locker.DocumentDownloaded"),
    ISSUED("issuer.DocumentDelivered", "issuer.DocumentWithdrawn", "issuer.DocumentPulled", "verify.DocumentVerified"),
    IDENTITY("identity.NationalIdLinked", "identity.NationalIdUnlinked"),
    PARTNERS("gateway.ConsentGranted", "gateway.ConsentRefused", "gateway.ConsentEnded", "gateway.PartnerAccessed",
            "gateway.TokenFamilyRevoked", "gateway.PartnerSignedUp"),
    SHARES("sharing.ShareLinkCreated", "sharing.ShareLinkOpened", "sharing.ShareLinkRevoked",
            "sharing.ShareLinkLocked");

    private final Set<String> actions;

    ActivityKind(String... actions) {
        this.actions = Set.of(actions);
    }

    public Set<String> actions() {
        return actions;
    }

    /** How the kind is written in a query string: {@code account}, {@code uploads}, ... */
    public String param() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ActivityKind> fromParam(String param) {
        return Arrays.stream(values()).filter(kind -> kind.param().equals(param)).findFirst();
    }

    static Optional<ActivityKind> of(String action) {
        return Arrays.stream(values()).filter(kind -> kind.actions.contains(action)).findFirst();
    }
}
