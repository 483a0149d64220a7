package org.tijori.gateway;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.locker.UploadedDocument;
import org.tijori.locker.UploadedDocuments;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tijori.locker.TestDocuments.pdf;

/**
 * A token reaches only what its consent covers (ADR 23, "Consent and receipts"; API.md section 5): the issued
 * documents the resident ticked and no others, in lists and by URI, where a document outside the consent is not
 * found ({@code 404 invalid_uri}) rather than forbidden; a scope the consent did not grant is
 * {@code 403 insufficient_scope}; and a consent that expired or ended stops the very next call.
 */
@RequesterTestContext
class ConsentScopeTests {

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    UploadedDocuments uploads;

    @Autowired
    JdbcClient jdbc;

    ResidentLockers lockers() {
        return new ResidentLockers(port, accounts, uploads, jdbc);
    }

    WebClient http() {
        return new WebClient(port);
    }

    @Test
    void aConsentToOneDocumentListsOnlyItAndEveryOtherIsNotFound() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        String chosen = lockers.deliver(resident, "CA" + System.nanoTime());
        String other = lockers.deliver(resident, "CB" + System.nanoTime());
        StoredTokens.Grant grant = lockers.grant(lockers.requester(), resident, false, List.of(chosen),
                "userdetails", "files.issueddocs");

        for (String list : List.of("/public/oauth2/1/files/issued", "/public/oauth2/2/files/issued")) {
            HttpResponse<String> answer = http().get(list, grant.bearer());
            assertThat(answer.statusCode()).as(list).isEqualTo(200);
            assertThat(PartnerFilesTests.items(JSONObjectUtils.parse(answer.body())))
                    .extracting(item -> item.get("uri")).as(list).containsExactly(chosen);
        }
        assertThat(http().getBytes("/public/oauth2/1/file/" + chosen, grant.bearer()).statusCode()).isEqualTo(200);
        assertThat(http().getBytes("/public/oauth2/1/xml/" + chosen, grant.bearer()).statusCode()).isEqualTo(200);
        for (String path : List.of("/public/oauth2/1/file/" + other, "/public/oauth2/1/xml/" + other)) {
            HttpResponse<String> refused = http().get(path, grant.bearer());
            assertThat(refused.statusCode()).as(path).isEqualTo(404);
            assertThat(JSONObjectUtils.parse(refused.body())).containsEntry("error", "invalid_uri")
                    .containsEntry("error_description", "No file found for given URI");
        }

        StoredTokens.Grant all = lockers.grant(lockers.requester(), resident, "files.issueddocs");
        assertThat(PartnerFilesTests.items(JSONObjectUtils.parse(http().get("/public/oauth2/2/files/issued",
                all.bearer()).body()))).extracting(item -> item.get("uri")).containsExactlyInAnyOrder(chosen, other);
        assertThat(http().getBytes("/public/oauth2/1/file/" + other, all.bearer()).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherResidentsDocumentIsNotFoundEvenUnderAConsentToAllIssuedDocuments() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        ResidentAccount stranger = lockers.resident();
        String strangers = lockers.deliver(stranger, "CS" + System.nanoTime());
        StoredTokens.Grant grant = lockers.grant(lockers.requester(), resident, "files.issueddocs");

        assertThat(PartnerFilesTests.items(JSONObjectUtils.parse(http().get("/public/oauth2/1/files/issued",
                grant.bearer()).body()))).isEmpty();
        for (String path : List.of("/public/oauth2/1/file/" + strangers, "/public/oauth2/1/xml/" + strangers,
                "/public/oauth2/1/file/in.gov.nowhere-HSCER-1", "/public/oauth2/1/file/not-a-uri")) {
            HttpResponse<String> refused = http().get(path, grant.bearer());
            assertThat(refused.statusCode()).as(path).isEqualTo(404);
            assertThat(JSONObjectUtils.parse(refused.body())).containsEntry("error", "invalid_uri");
        }
    }

    @Test
    void aScopeTheConsentDidNotGrantIsInsufficientScope() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        String issued = lockers.deliver(resident, "CC" + System.nanoTime());
        UploadedDocument upload = lockers.upload(resident, "statement.pdf", pdf(), null);
        String uploaded = "self-UPLD-" + upload.id().toString().replace("-", "");
        TestRequester requester = lockers.requester();
        StoredTokens.Grant issuedOnly = lockers.grant(requester, resident, "userdetails", "files.issueddocs");
        StoredTokens.Grant uploadedOnly = lockers.grant(requester, resident, "userdetails", "files.uploadeddocs");
        StoredTokens.Grant detailsOnly = lockers.grant(requester, resident, "userdetails");

        Map<StoredTokens.Grant, List<String>> refused = Map.of(
                issuedOnly, List.of("/public/oauth2/1/files/", "/public/oauth2/1/files/root",
                        "/public/oauth2/1/file/" + uploaded),
                uploadedOnly, List.of("/public/oauth2/1/files/issued", "/public/oauth2/2/files/issued",
                        "/public/oauth2/1/file/" + issued, "/public/oauth2/1/xml/" + issued),
                detailsOnly, List.of("/public/oauth2/1/files/", "/public/oauth2/2/files/issued",
                        "/public/oauth2/1/file/" + issued));
        refused.forEach((grant, paths) -> paths.forEach(path -> {
            try {
                HttpResponse<String> answer = http().get(path, grant.bearer());
                assertThat(answer.statusCode()).as(path).isEqualTo(403);
                assertThat(JSONObjectUtils.parse(answer.body())).as(path)
                        .containsEntry("error", "insufficient_scope");
            }
            catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
        assertThat(http().getBytes("/public/oauth2/1/file/" + uploaded, uploadedOnly.bearer()).statusCode())
                .isEqualTo(200);
        assertThat(http().getBytes("/public/oauth2/1/file/" + issued, issuedOnly.bearer()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aConsentThatExpiredOrEndedStopsTheNextCall() throws Exception {
        ResidentLockers lockers = lockers();
        ResidentAccount resident = lockers.resident();
        String issued = lockers.deliver(resident, "CE" + System.nanoTime());
        TestRequester requester = lockers.requester();
        StoredTokens.Grant expiring = lockers.grant(requester, resident, "userdetails", "files.issueddocs");
        StoredTokens.Grant ending = lockers.grant(requester, resident, "userdetails", "files.issueddocs");
        List<String> paths = List.of("/public/oauth2/1/user", "/public/oauth2/2/files/issued",
                "/public/oauth2/1/file/" + issued);
        for (StoredTokens.Grant grant : List.of(expiring, ending)) {
            for (String path : paths) {
                assertThat(http().getBytes(path, grant.bearer()).statusCode()).as("live first: " + path)
                        .isEqualTo(200);
            }
        }

        lockers.tokens().expireConsent(expiring);
        lockers.tokens().endConsent(ending);

        for (StoredTokens.Grant grant : List.of(expiring, ending)) {
            for (String path : paths) {
                HttpResponse<String> answer = http().get(path, grant.bearer());
                assertThat(answer.statusCode()).as(path).isEqualTo(401);
                assertThat(JSONObjectUtils.parse(answer.body())).containsEntry("error", "invalid_token");
            }
        }
    }
}
