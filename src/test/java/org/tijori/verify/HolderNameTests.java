package org.tijori.verify;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tijori.TijoriProperties;
import org.tijori.WebClient;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuedDocuments;
import org.tijori.storage.BlobId;
import org.tijori.storage.BlobNotFoundException;
import org.tijori.storage.BlobVault;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The holder's name in the proof of the locker page's link comes from the document's row, read from its Certificate
 * XML when the document was taken (ADR 22): a view of the page reads no XML, shown here by deleting the XML's blob
 * and still getting a link whose proof names the holder. A document taken before the name was kept has its XML
 * read once, at its next link.
 */
@VerifyTestContext
class HolderNameTests {

    static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    IssuedDocuments documents;

    @Autowired
    TijoriProperties tijori;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BlobVault vault;

    @Test
    void theLinkNeedsNoCertificateXmlOnceTheDocumentIsTaken() throws Exception {
        PublishedDocuments published = new PublishedDocuments(port, accounts, documents);
        ResidentAccount resident = published.resident();
        String uri = published.push(published.issuer(), resident, "NAME/1", "Tara Singh");
        assertThat(holderName(uri)).isEqualTo("Tara Singh");

        deleteXml(resident, uri);

        assertThat(holderInProof(resident, uri)).isEqualTo("Tara Singh");
    }

    @Test
    void aDocumentTakenBeforeNamesWereKeptHasItsXmlReadOnceAndItsNameKept() throws Exception {
        PublishedDocuments published = new PublishedDocuments(port, accounts, documents);
        ResidentAccount resident = published.resident();
        String uri = published.push(published.issuer(), resident, "NAME/2", "Meera Iyer");
        jdbc.sql("update issuer_document set holder_name = null where uri = ?").param(uri).update();

        assertThat(holderInProof(resident, uri)).isEqualTo("Meera Iyer");
        assertThat(holderName(uri)).isEqualTo("Meera Iyer");

        deleteXml(resident, uri);
        assertThat(holderInProof(resident, uri)).isEqualTo("Meera Iyer");
    }

    @Test
    void aCertificateThatNamesNoOneIsKeptAsSuchAndNeverReadAgain() throws Exception {
        PublishedDocuments published = new PublishedDocuments(port, accounts, documents);
        ResidentAccount resident = published.resident();
        String uri = published.push(published.issuer(), resident, "NAME/3", "");
        assertThat(holderName(uri)).isEmpty();

        deleteXml(resident, uri);

        HttpResponse<String> status = status(resident, uri);
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        assertThat(json.readTree(status.body()).get("holder").isNull()).isTrue();
    }

    String holderName(String uri) {
        return jdbc.sql("select holder_name from issuer_document where uri = ?").param(uri).query(String.class)
                .optional().orElse(null);
    }

    /** Deletes the document's Certificate XML from the vault, and shows that it is gone. */
    void deleteXml(ResidentAccount resident, String uri) {
        UUID blob = jdbc.sql("select xml_blob from issuer_document where uri = ?").param(uri).query(UUID.class)
                .single();
        vault.delete(new BlobId(blob));
        assertThatThrownBy(() -> documents.openXml(resident.id(), DocumentUri.parse(uri)).orElseThrow().close())
                .isInstanceOf(BlobNotFoundException.class);
    }

    HttpResponse<String> status(ResidentAccount resident, String uri) throws Exception {
        String link = documents.verificationLink(resident.id(), DocumentUri.parse(uri)).orElseThrow();
        String path = link.substring(tijori.baseUrl().toString().replaceAll("/$", "").length());
        return new WebClient(port).get("/api/v1" + path);
    }

    /** The holder's name the link's proof carries, as the verification answer reports it. */
    String holderInProof(ResidentAccount resident, String uri) throws Exception {
        HttpResponse<String> status = status(resident, uri);
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        JsonNode report = json.readTree(status.body());
        return report.get("holder").asString();
    }
}
