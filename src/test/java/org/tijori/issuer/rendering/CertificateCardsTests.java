package org.tijori.issuer.rendering;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tijori.issuer.DocumentCard;
import org.tijori.issuer.DocumentCard.Field;
import org.tijori.issuer.DocumentCard.Group;
import org.tijori.issuer.DocumentCard.Table;
import org.tijori.signing.SecureXml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The card of a Certificate XML shaped as CBSE's marksheet (API Setu's {@code AcademicCertificateSchema}): the
 * person, the examination and school as groups of fields, the subjects as a table; the signature, the photo and the
 * national ID's first eight digits left out; dates day first.
 */
class CertificateCardsTests {

    static final String MARKSHEET = """
            <Certificate language="99" name="Class XII Marksheet" type="HSCER" number="2014123" issueDate="15-05-2014" \
            status="A" issuedAt="New Delhi"><IssuedBy><Organization name="Central Board of Secondary Education" \
            code="CBSE" type="CG"><Address type="office" line1="Shiksha Kendra" state="Delhi" country="IN"/>\
            </Organization></IssuedBy><IssuedTo><Person uid="234567890124" name="Asha Verma" dob="1996-03-14" \
            gender="F" motherName="SUNITA DEVI" swd="PRAMOD KUMAR"><Address type="permanent" house="12" \
            line1="Gandhi Road" vtc="Pune" state="Maharashtra" pin="411001" country="IN"/><Photo format="jpeg">\
            /9j/4AAQSkZJRgABAQ</Photo></Person></IssuedTo><CertificateData><Examination \
            name="SENIOR SCHOOL CERTIFICATE EXAMINATION" month="MARCH" year="2014"/><School name="DELHI PUBLIC SCHOOL" \
            code="20020"/><Performance result="PASS" marksTotal="436" marksMax="500" percentage="87.2" \
            resultDate="2014-05-02"><Subjects><Subject name="ECONOMICS" code="030" marksTheory="70" marksPractical="17" \
            marksTotal="87" grade="A2"/><Subject name="ENGLISH CORE" code="301" marksTheory="80" marksTotal="80" \
            grade="B1"/></Subjects></Performance></CertificateData><Signature \
            xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/><SignatureValue>AAAA</SignatureValue></Signature>\
            </Certificate>""";

    @Test
    void readsTheHolderTheGroupsAndTheSubjectsAsATable() {
        DocumentCard card = CertificateCards.read(certificate(MARKSHEET));

        assertThat(card.issuedBy()).isEqualTo("Central Board of Secondary Education");
        assertThat(card.document()).extracting(Field::name, Field::label, Field::value).containsExactly(
                tuple("documentNumber", "Document number", "2014123"), tuple("issuedAt", "Issued at", "New Delhi"));
        assertThat(card.holder()).extracting(Field::name, Field::value).containsExactly(
                tuple("name", "Asha Verma"), tuple("uid", "XXXX XXXX 0124"), tuple("dob", "14-03-1996"),
                tuple("gender", "F"), tuple("motherName", "SUNITA DEVI"), tuple("swd", "PRAMOD KUMAR"),
                tuple("Address", "12, Gandhi Road, Pune, Maharashtra, 411001, IN"));
        assertThat(card.groups()).extracting(Group::name).containsExactly("Examination", "School", "Performance");
        Group performance = card.groups().get(2);
        assertThat(performance.fields()).extracting(Field::label, Field::value).contains(
                tuple("Marks total", "436"), tuple("Result date", "02-05-2014"));
        assertThat(performance.tables()).hasSize(1);
        Table subjects = performance.tables().get(0);
        assertThat(subjects.label()).isEqualTo("Subjects");
        assertThat(subjects.columns()).extracting(DocumentCard.Column::label).containsExactly("Name", "Code",
                "Marks theory", "Marks practical", "Marks total", "Grade");
        assertThat(subjects.rows()).containsExactly(List.of("ECONOMICS", "030", "70", "17", "87", "A2"),
                List.of("ENGLISH CORE", "301", "80", "", "80", "B1"));
        assertThat(card.toString()).doesNotContain("AAAA", "/9j/", "234567890124", "SignedInfo");
    }

    @Test
    void repeatedElementsWithoutAWrapperAreATableAndSimpleChildrenAreFields() {
        DocumentCard card = CertificateCards.read(certificate("""
                <Certificate><CertificateData><Licence number="DL04"><HolderName>Ravi</HolderName>\
                <VehicleClass code="MCWG" issuedOn="2010-01-02"/><VehicleClass code="LMV"/></Licence>\
                </CertificateData></Certificate>"""));

        assertThat(card.holder()).isEmpty();
        Group licence = card.groups().get(0);
        assertThat(licence.fields()).extracting(Field::name, Field::value)
                .containsExactly(tuple("number", "DL04"), tuple("HolderName", "Ravi"));
        assertThat(licence.tables().get(0).label()).isEqualTo("Vehicle class");
        assertThat(licence.tables().get(0).rows()).containsExactly(List.of("MCWG", "02-01-2010"), List.of("LMV", ""));
    }

    @Test
    void namesReadAsWords() {
        assertThat(List.of("DateOfBirth", "marksTotal", "SSCNumber", "roll_no", "CGPA", "Subject", "dob"))
                .map(FieldNames::words)
                .containsExactly("Date of birth", "Marks total", "SSC number", "Roll no", "CGPA", "Subject", "Dob");
    }

    /**
     * Parsing and reading a typical marksheet's card, as the page does at each request: reported, and bounded
     * generously so that only a change of scale fails it (a shared two-core machine).
     */
    @Test
    void readsATypicalMarksheetInAboutAMillisecond() {
        byte[] xml = MARKSHEET.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 2_000; i++) {
            CertificateCards.read(SecureXml.parse(xml, 1 << 20).getDocumentElement());
        }
        int runs = 2_000;
        // The thread's CPU time: on a machine shared with other builds the wall clock measures them too.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            CertificateCards.read(SecureXml.parse(xml, 1 << 20).getDocumentElement());
        }
        double micros = (threads.getCurrentThreadCpuTime() - start) / 1_000.0 / runs;
        System.out.printf("parse and read a marksheet's card (%d bytes): %.0f µs of CPU, %.0f µs of wall clock%n",
                xml.length, micros, (System.nanoTime() - wallStart) / 1_000.0 / runs);
        assertThat(micros).isLessThan(2_000);
    }

    private static org.w3c.dom.Element certificate(String xml) {
        return SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8), 1 << 20).getDocumentElement();
    }
}
