package org.tijori.identity;

import java.util.Optional;

/**
 * The national-ID authority Tijori asks who holds a number: the name, date of birth and the mobile
 * number that one-time passwords for that number go to.
 */
public interface IdAuthority {

    /** The person the authority holds under {@code uid}, if any. */
    Optional<IdentityRecord> find(NationalId uid);
}
