package org.tijori.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.tijori.identity.IdAuthority;
import org.tijori.identity.IdentityRecord;
import org.tijori.identity.NationalId;
import org.tijori.signing.SecureXml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo issuer's repository: a Class XII marksheet, a driving licence and an income certificate for
 * each person of the demo ID registry that the configured ID authority knows. Every value is derived
 * from the person, so the same documents come out on every start and a Pull URI search finds them.
 */
final class SampleCatalogue {

    /** The registry Tijori ships for trying it out; its people are fictional. */
    static final String DEMO_REGISTRY = "identity/demo-registry.json";

    static final String MARKSHEET = "HSCER";

    static final String DRIVING_LICENCE = "DRVLC";

    static final String INCOME_CERTIFICATE = "INCER";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-uuuu");

    private static final String[][] SUBJECTS = { { "301", "ENGLISH CORE" }, { "041", "MATHEMATICS" },
            { "042", "PHYSICS" }, { "043", "CHEMISTRY" }, { "083", "COMPUTER SCIENCE" } };

    private static final String[] INCOME_SOURCES = { "Salary", "Agriculture", "Business", "Pension" };

    private final List<IdentityRecord> people;

    private final List<SampleDocument> documents;

    SampleCatalogue(List<IdentityRecord> people) {
        this.people = List.copyOf(people);
        List<SampleDocument> all = new ArrayList<>();
        for (IdentityRecord person : people) {
            all.add(marksheet(person));
            all.add(drivingLicence(person));
            all.add(incomeCertificate(person));
        }
        this.documents = List.copyOf(all);
    }

    /** The people of the demo registry, in its order, as the configured ID authority knows them. */
    static SampleCatalogue of(IdAuthority authority, JsonMapper json) {
        List<IdentityRecord> people = new ArrayList<>();
        try (InputStream in = SampleCatalogue.class.getClassLoader().getResourceAsStream(DEMO_REGISTRY)) {
            if (in == null) {
                throw new IllegalStateException("The demo ID registry " + DEMO_REGISTRY + " is missing");
            }
            for (JsonNode entry : json.readTree(in)) {
                authority.find(NationalId.parse(entry.get("uid").asString())).ifPresent(people::add);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the demo ID registry", e);
        }
        return new SampleCatalogue(people);
    }

    List<IdentityRecord> people() {
        return people;
    }

    List<SampleDocument> documents() {
        return documents;
    }

    /** The documents of the first {@code count} people, which the demo issuer pushes. */
    List<SampleDocument> documentsOfFirst(int count) {
        List<NationalId> chosen = people.stream().limit(count).map(IdentityRecord::uid).toList();
        return documents.stream().filter(document -> chosen.contains(document.uid())).toList();
    }

    Optional<SampleDocument> find(String docType, Map<String, String> searchParameters) {
        return documents.stream().filter(document -> document.matches(docType, searchParameters)).findFirst();
    }

    static SampleDocument marksheet(IdentityRecord person) {
        Random marks = random(person, MARKSHEET);
        int year = person.dob().getYear() + 18;
        String rollno = person.uid().value().substring(4);
        LocalDate issued = LocalDate.of(year, 5, 15);
        StringBuilder subjects = new StringBuilder();
        int total = 0;
        for (String[] subject : SUBJECTS) {
            int theory = 48 + marks.nextInt(23);
            int practical = 18 + marks.nextInt(13);
            int sum = theory + practical;
            total += sum;
            subjects.append("<Subject code=\"").append(subject[0]).append("\" name=\"").append(subject[1])
                    .append("\" marksTheory=\"").append(theory).append("\" marksPractical=\"").append(practical)
                    .append("\" marksTotal=\"").append(sum).append("\" maxMarks=\"100\" grade=\"").append(grade(sum))
                    .append("\"/>");
        }
        String percentage = String.format(java.util.Locale.ROOT, "%.1f", total / (double) SUBJECTS.length);
        String docId = year + rollno;
        String xml = certificate("Class XII Marksheet", MARKSHEET, docId, issued,
                "<Organization name=\"Demo Board of Secondary Education\" code=\"DBSE\" type=\"SG\"/>", person,
                "<Examination name=\"SENIOR SCHOOL CERTIFICATE EXAMINATION\" month=\"MARCH\" year=\"" + year
                        + "\" rollNo=\"" + rollno + "\"/><School name=\"Demo Senior Secondary School\" code=\"99001\"/>"
                        + "<Performance result=\"PASS\" percentage=\"" + percentage + "\" marksTotal=\"" + total
                        + "\" maxMarks=\"500\"><Subjects>" + subjects + "</Subjects></Performance>");
        return new SampleDocument(MARKSHEET, docId, "Class XII Marksheet", person.uid(),
                Map.of("rollno", rollno, "year", String.valueOf(year)), issued, issued, null, xml);
    }

    static SampleDocument drivingLicence(IdentityRecord person) {
        LocalDate firstIssued = person.dob().plusYears(19);
        LocalDate issued = LocalDate.of(2023, person.dob().getMonthValue(), Math.min(person.dob().getDayOfMonth(), 28));
        LocalDate validTo = issued.plusYears(20).minusDays(1);
        String dlno = "DL04" + firstIssued.getYear() + person.uid().value().substring(5);
        String xml = certificate("Driving Licence", DRIVING_LICENCE, dlno, issued,
                "<Organization name=\"Demo Regional Transport Office, Zone 4\" code=\"RTO04\" type=\"SG\"/>", person,
                "<Licence number=\"" + dlno + "\" firstIssued=\"" + firstIssued.format(DAY) + "\" validFrom=\""
                        + issued.format(DAY) + "\" validTo=\"" + validTo.format(DAY) + "\"><VehicleClasses>"
                        + "<VehicleClass code=\"MCWG\" description=\"Motorcycle with gear\" issuedOn=\""
                        + firstIssued.format(DAY) + "\"/><VehicleClass code=\"LMV\" description=\"Light motor vehicle\" "
                        + "issuedOn=\"" + firstIssued.format(DAY) + "\"/></VehicleClasses></Licence>");
        return new SampleDocument(DRIVING_LICENCE, dlno, "Driving Licence", person.uid(), Map.of("dlno", dlno),
                issued, issued, validTo, xml);
    }

    static SampleDocument incomeCertificate(IdentityRecord person) {
        Random income = random(person, INCOME_CERTIFICATE);
        LocalDate issued = LocalDate.of(2026, 4, 15);
        LocalDate validTo = LocalDate.of(2027, 3, 31);
        String certno = "INC2026" + person.uid().value().substring(6);
        int annual = (120 + income.nextInt(780)) * 1000;
        String xml = certificate("Income Certificate", INCOME_CERTIFICATE, certno, issued,
                "<Organization name=\"Demo Revenue Department, Taluk Office\" code=\"REV01\" type=\"SG\"/>", person,
                "<Income financialYear=\"2025-26\" annualIncome=\"" + annual + "\" currency=\"INR\" source=\""
                        + INCOME_SOURCES[income.nextInt(INCOME_SOURCES.length)] + "\"/><Validity validTo=\""
                        + validTo.format(DAY) + "\"/><IssuingAuthority designation=\"Tahsildar\" "
                        + "office=\"Demo Taluk Office\"/>");
        return new SampleDocument(INCOME_CERTIFICATE, certno, "Income Certificate", person.uid(),
                Map.of("certno", certno), issued, issued, validTo, xml);
    }

    private static String certificate(String name, String type, String number, LocalDate issued, String issuedBy,
            IdentityRecord person, String data) {
        return "<Certificate language=\"99\" name=\"" + name + "\" type=\"" + type + "\" number=\"" + number
                + "\" issueDate=\"" + issued.format(DAY) + "\" status=\"A\"><IssuedBy>" + issuedBy
                + "</IssuedBy><IssuedTo><Person uid=\"" + person.uid().value() + "\" name=\"" + SecureXml.escape(person.name())
                + "\" dob=\"" + person.dob().format(DAY) + "\" gender=\"" + person.gender().name()
                + "\"/></IssuedTo><CertificateData>" + data + "</CertificateData></Certificate>";
    }

    private static String grade(int marks) {
        return marks >= 91 ? "A1" : marks >= 81 ? "A2" : marks >= 71 ? "B1" : marks >= 61 ? "B2" : "C1";
    }

    /** The same numbers for the same person and document on every start and every machine. */
    private static Random random(IdentityRecord person, String docType) {
        return new Random(Long.parseLong(person.uid().value()) * 31 + docType.hashCode());
    }
}
