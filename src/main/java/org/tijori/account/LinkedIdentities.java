package org.tijori.account;

import java.util.Optional;

/**
 * Who the national ID linked to an account names, for the resident's own profile. Implemented by the identity
 * module.
 */
public interface LinkedIdentities {

    /** The name (and whether there is a photo) of the national ID linked to the account, if one is linked. */
    Optional<LinkedIdentity> of(AccountId account);

    /**
     * @param name the full name the national ID holds
     * @param photo whether the ID authority holds a photo for it, which the resident's own pages may show
     */
    record LinkedIdentity(String name, boolean photo) {
    }
}
