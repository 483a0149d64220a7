package org.tijori.gateway;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.TestIssuer;
import org.tijori.locker.Folder;
import org.tijori.locker.UploadedDocument;
import org.tijori.locker.UploadedDocuments;
import org.tijori.signing.TestIssuerKeys;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Real residents with real documents, for the partner API's resource tests: a resident signed up through
 * {@link ResidentAccounts}, documents an issuer pushes to the locker ID over HTTP as a real issuer does, uploads and
 * folders through {@link UploadedDocuments}, and a requester registered and approved over HTTP (so that its client
 * secret is kept sealed, as the file answer's {@code hmac} needs), whose tokens are written by {@link StoredTokens}.
 */
final class ResidentLockers {

    static final String PASSWORD = "a long and unusual phrase";

    private static final AtomicLong mobiles = new AtomicLong(6_300_000_000L + (System.nanoTime() % 1_000_000) * 100);

    private static final AtomicInteger issuers = new AtomicInteger();

    /** One issuer per application (by port): an address may register only a few issuers an hour. */
    private static final Map<Integer, TestIssuer> issuerOfPort = new ConcurrentHashMap<>();

    private final int port;

    private final ResidentAccounts accounts;

    private final UploadedDocuments uploads;

    private final StoredTokens tokens;

    ResidentLockers(int port, ResidentAccounts accounts, UploadedDocuments uploads, JdbcClient jdbc) {
        this.port = port;
        this.accounts = accounts;
        this.uploads = uploads;
        this.tokens = new StoredTokens(jdbc);
    }

    ResidentAccount resident() {
        long mobile = mobiles.incrementAndGet();
        return accounts.signUp(new MobileNumber(String.valueOf(mobile)), "partner" + mobile, PASSWORD);
    }

    /** Has the application's issuer push a signed marksheet to the resident's locker ID; answers its URI. */
    String deliver(ResidentAccount resident, String docId) throws Exception {
        return issuer().publish(new WebClient(port), "<DigiLockerId>" + resident.lockerId() + "</DigiLockerId>",
                "HSCER", docId, "234567890124", "Asha Verma");
    }

    TestIssuer issuer() {
        return issuerOfPort.computeIfAbsent(port, p -> {
            TestIssuer issuer = new TestIssuer("in.gov.partner" + issuers.incrementAndGet() + "x"
                    + (System.nanoTime() % 100_000), TestIssuerKeys.generate("Board"));
            try {
                return issuer.registerAndApprove(new WebClient(port), issuer.registrationJson("HSCER"),
                        RequesterTestContext.TOKEN);
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    UploadedDocument upload(ResidentAccount resident, String name, byte[] content, Folder folder) throws Exception {
        return uploads.upload(resident.id(), name, content.length, new ByteArrayInputStream(content),
                folder == null ? null : folder.id(), null);
    }

    TestRequester requester() throws Exception {
        return TestRequester.approved(new WebClient(port), RequesterTestContext.TOKEN);
    }

    /** A token of {@code requester} for the resident, reaching every issued document. */
    StoredTokens.Grant grant(TestRequester requester, ResidentAccount resident, String... scopes) {
        return grant(requester, resident, true, List.of(), scopes);
    }

    StoredTokens.Grant grant(TestRequester requester, ResidentAccount resident, boolean allIssued,
            List<String> documents, String... scopes) {
        return tokens.grant(StoredTokens.Requester.of(requester), resident.id().value(),
                resident.lockerId().value(), allIssued, documents, scopes);
    }

    StoredTokens tokens() {
        return tokens;
    }
}
