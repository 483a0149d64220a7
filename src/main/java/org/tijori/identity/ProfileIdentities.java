package org.tijori.identity;

import java.util.Optional;

import org.tijori.account.AccountId;
import org.tijori.account.LinkedIdentities;

import org.springframework.stereotype.Component;

/**
 * The name and photo of a linked national ID for the resident's profile, both as the ID authority held them when
 * the ID was linked.
 */
@Component
class ProfileIdentities implements LinkedIdentities {

    private final NationalIdLinks links;

    ProfileIdentities(NationalIdLinks links) {
        this.links = links;
    }

    @Override
    public Optional<LinkedIdentity> of(AccountId account) {
        return links.linkOf(account).map(link -> new LinkedIdentity(link.name(), links.hasPhoto(account)));
    }
}
