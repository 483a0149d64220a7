package org.tijori.issuer;

import org.tijori.issuer.registration.IssuerRegistrations;

import org.springframework.stereotype.Service;

/**
 * What administrators have to decide about issuers, for their landing page.
 */
@Service
public class IssuerApprovals {

    private final IssuerRegistrations registrations;

    IssuerApprovals(IssuerRegistrations registrations) {
        this.registrations = registrations;
    }

    /** How many registered issuers wait for approval or rejection. */
    public long waiting() {
        return registrations.waitingForApproval();
    }
}
