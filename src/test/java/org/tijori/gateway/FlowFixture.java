package org.tijori.gateway;

import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.token.Authorizations;

/**
 * The parts every flow test needs: a new approved requester as a {@link PartnerClient}, and a new resident signed in
 * in a browser of its own.
 */
final class FlowFixture {

    final int port;

    final ResidentAccounts accounts;

    final Consents consents;

    final Authorizations authorizations;

    FlowFixture(int port, ResidentAccounts accounts, Consents consents, Authorizations authorizations) {
        this.port = port;
        this.accounts = accounts;
        this.consents = consents;
        this.authorizations = authorizations;
    }

    WebClient http() {
        return new WebClient(port);
    }

    PartnerClient partner() throws Exception {
        return new PartnerClient(TestRequester.approved(http(), RequesterTestContext.TOKEN), http());
    }

    ResidentAccount resident() {
        return new GrantedAccess(accounts, consents, authorizations).newResident();
    }

    /** A browser in which {@code resident} signed in. */
    WebClient signedIn(ResidentAccount resident) throws Exception {
        WebClient browser = http();
        browser.signIn(resident.username(), GrantedAccess.PASSWORD);
        return browser;
    }
}
