package org.tijori.account.factor;

/**
 * The outcome of trying a second-factor code.
 */
public sealed interface FactorCheck {

    /** The code was right and is now used up. */
    record Accepted() implements FactorCheck {
    }

    /** The code was wrong, or was used before. */
    record Rejected() implements FactorCheck {
    }

    /** Too many tries for the account or from the address lately; the code was not even checked. */
    record Throttled() implements FactorCheck {
    }
}
