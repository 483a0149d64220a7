package org.tijori.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tijori.StateDirectory;
import org.tijori.account.AdministrationProperties;
import org.tijori.account.MobileNumber;
import org.tijori.identity.Gender;
import org.tijori.identity.IdentityRecord;
import org.tijori.identity.NationalId;
import org.tijori.signing.Certificates;
import org.tijori.signing.SecureXml;
import org.tijori.signing.SignatureCheck;
import org.tijori.signing.XmlSignatures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the demo issuer keeps on disk and the samples it derives, without Spring. */
class DemoIssuerFilesTests {

    static final IdentityRecord AARAV = new IdentityRecord(new NationalId("999941057058"), "Aarav Sharma",
            LocalDate.of(1988, 3, 14), Gender.M, new MobileNumber("9876500001"), null, null);

    @TempDir
    Path folder;

    @Test
    void makesItsKeyOnceAndKeepsItPrivately() throws Exception {
        DemoIssuerKeys first = DemoIssuerKeys.loadOrCreate(folder, "Demo Issuing Board");
        DemoIssuerKeys again = DemoIssuerKeys.loadOrCreate(folder, "Demo Issuing Board");

        assertThat(Certificates.sha256Fingerprint(again.certificate()))
                .isEqualTo(Certificates.sha256Fingerprint(first.certificate()));
        assertThat(again.privateKey()).isEqualTo(first.privateKey());
        Certificates.checkSigningKey(first.certificate());
        assertThat(first.certificate().getSubjectX500Principal().getName()).contains("CN=Demo Issuing Board");
        assertThat(Files.getPosixFilePermissions(folder.resolve(DemoIssuerKeys.KEY_FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(first.toString()).contains("redacted").doesNotContain("PRIVATE KEY");
    }

    @Test
    void keepsTheCredentialsItWasGivenAndNeverShowsTheSecrets() throws Exception {
        assertThat(DemoIssuerCredentials.load(folder)).isEmpty();
        DemoIssuerCredentials credentials = new DemoIssuerCredentials("ABCDEFGHJK", "the-secret", "the-api-key");

        credentials.save(folder);

        assertThat(DemoIssuerCredentials.load(folder)).contains(credentials);
        assertThat(Files.getPosixFilePermissions(folder.resolve(DemoIssuerCredentials.FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(credentials.toString()).contains("ABCDEFGHJK").doesNotContain("the-secret", "the-api-key");
    }

    @Test
    void remembersThatItPublishedSoThatARestartDoesNotPublishAgain() throws Exception {
        DemoIssuer issuer = new DemoIssuer(StateDirectory.prepare(folder), null, null, null, null,
                new AdministrationProperties("token", null, null, null));
        assertThat(issuer.hasPublished()).isFalse();

        Files.createDirectories(folder.resolve(DemoIssuer.FOLDER));
        Files.writeString(folder.resolve(DemoIssuer.FOLDER).resolve(DemoIssuer.PUBLISHED_MARKER), "2026-12-01T00:00:00Z");

        assertThat(issuer.hasPublished()).isTrue();
    }

    @Test
    void refusesToStartWithoutABootstrapToken() {
        assertThatThrownBy(() -> new DemoIssuer(StateDirectory.prepare(folder), null, null, null, null,
                new AdministrationProperties(" ", null, null, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tijori.admin.bootstrap-token");
    }

    @Test
    void derivesTheSameSignableSamplesForAPersonEveryTime() {
        SampleCatalogue catalogue = new SampleCatalogue(List.of(AARAV));

        assertThat(catalogue.documents()).extracting(SampleDocument::uri).containsExactly(
                "in.gov.demo.board-HSCER-200641057058", "in.gov.demo.board-DRVLC-DL0420071057058",
                "in.gov.demo.board-INCER-INC2026057058");
        assertThat(new SampleCatalogue(List.of(AARAV)).documents()).isEqualTo(catalogue.documents());
        assertThat(catalogue.find("HSCER", Map.of("rollno", " 41057058 ", "year", "2006"))).isPresent();
        assertThat(catalogue.find("HSCER", Map.of("rollno", "41057058"))).isEmpty();
        assertThat(catalogue.find("DRVLC", Map.of("rollno", "41057058", "year", "2006"))).isEmpty();

        DemoIssuerKeys keys = DemoIssuerKeys.loadOrCreate(folder, "Demo Issuing Board");
        for (SampleDocument sample : catalogue.documents()) {
            var certificate = SecureXml.parse(sample.certificateXml().getBytes(), 1 << 20);
            assertThat(certificate.getDocumentElement().getAttribute("type")).isEqualTo(sample.docType());
            assertThat(certificate.getDocumentElement().getAttribute("number")).isEqualTo(sample.docId());
            XmlSignatures.sign(certificate, keys.privateKey(), keys.certificate());
            assertThat(XmlSignatures.verify(SecureXml.parse(SecureXml.serialize(certificate), 1 << 20),
                    List.of(keys.certificate()))).isInstanceOf(SignatureCheck.Valid.class);
        }
    }
}
