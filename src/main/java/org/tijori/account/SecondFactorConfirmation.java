package org.tijori.account;

import org.tijori.account.factor.FactorCheck;
import org.tijori.account.factor.FactorOwner;
import org.tijori.account.factor.SecondFactors;

import org.springframework.stereotype.Service;

/**
 * A resident's second factor asked for again to confirm one action (an e-signature), outside signing in: an
 * account with a second factor proves it with a code from its authenticator app or one of its recovery codes,
 * counted against the same limits as at sign-in.
 */
@Service
public class SecondFactorConfirmation {

    private final SecondFactors factors;

    SecondFactorConfirmation(SecondFactors factors) {
        this.factors = factors;
    }

    /** Whether the account has a second factor, which an action it confirms must then prove. */
    public boolean required(AccountId account) {
        return factors.any(owner(account));
    }

    /**
     * Tries a code from the resident's authenticator app, or else one of their recovery codes (used up when right).
     *
     * @param code six digits from the authenticator app, or null
     * @param recoveryCode one of the account's recovery codes, or null
     */
    public Outcome confirm(AccountId account, String code, String recoveryCode, String clientAddress) {
        FactorOwner owner = owner(account);
        FactorCheck check;
        if (code != null && !code.isBlank()) {
            check = factors.checkTotp(owner, code, clientAddress);
        }
        else if (recoveryCode != null && !recoveryCode.isBlank()) {
            check = factors.useRecoveryCode(owner, recoveryCode, clientAddress);
        }
        else {
            return Outcome.MISSING;
        }
        if (check instanceof FactorCheck.Accepted) {
            return Outcome.ACCEPTED;
        }
        return check instanceof FactorCheck.Throttled ? Outcome.THROTTLED : Outcome.REJECTED;
    }

    /** A resident's factors are keyed by the account, and named by it as its sessions are. */
    private static FactorOwner owner(AccountId account) {
        return new FactorOwner(account.value(), account.toString(), account.toString(), false);
    }

    /** What a confirmation came to. */
    public enum Outcome {
        /** The code was right. */
        ACCEPTED,
        /** The code was wrong, or used before. */
        REJECTED,
        /** No code was given. */
        MISSING,
        /** Too many tries for the account or from the address lately; nothing was checked. */
        THROTTLED
    }
}
