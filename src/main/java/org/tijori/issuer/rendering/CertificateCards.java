package org.tijori.issuer.rendering;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.xml.crypto.dsig.XMLSignature;

import org.tijori.issuer.DocumentCard;
import org.tijori.issuer.DocumentCard.Column;
import org.tijori.issuer.DocumentCard.Field;
import org.tijori.issuer.DocumentCard.Group;
import org.tijori.issuer.DocumentCard.Table;
import org.tijori.issuer.intake.XmlElements;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Reads the card of an issued document from its Certificate XML (DigiLocker's format: the document's attributes on
 * {@code Certificate}, the organisation in {@code IssuedBy/Organization}, the person in {@code IssuedTo/Person}, and
 * whatever the doc type holds under {@code CertificateData}). Under {@code CertificateData} an element becomes a group
 * of fields; elements repeated under one parent, or wrapped alone in an element of nothing else
 * ({@code Subjects/Subject}), become the rows of a table. The signature, photos and long encoded values are left out.
 */
public final class CertificateCards {

    /** Attributes of {@code Certificate} the page shows otherwise (its name, its status from the repository). */
    private static final Set<String> SHOWN_ELSEWHERE = Set.of("name", "type", "status", "language", "issueDate");

    /** Longer than any field a person reads: an encoded photo or file. */
    private static final int MAX_VALUE_LENGTH = 1_000;

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T[0-9:.+\\-Z]*)?");

    private static final Pattern SLASHED_DATE = Pattern.compile("\\d{2}/\\d{2}/\\d{4}");

    /**
     * The order of the attributes DigiLocker's formats use, first (a DOM keeps an element's attributes in the order
     * of their names, not as written); others follow in the order of their names.
     */
    private static final List<String> ORDER = List.of("name", "title", "code", "number", "rollNo", "uid", "dob",
            "gender", "motherName", "fatherName", "swd", "swdIndicator", "category", "month", "year", "description",
            "result", "marksTheory", "marksMaxTheory", "marksPractical", "marksMaxPractical", "marksTotal", "marksMax",
            "maxMarks", "percentage", "gp", "gpMax", "cgpa", "cgpaMax", "grade", "resultDate", "issuedOn",
            "firstIssued", "validFrom", "validTo");

    /** The parts of an address in the order they are written on an envelope. */
    private static final List<String> ADDRESS = List.of("careOf", "house", "line1", "street", "line2", "landmark",
            "locality", "vtc", "postOffice", "subDistrict", "district", "state", "pin", "country");

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-uuuu", Locale.ROOT);

    private CertificateCards() {
    }

    /** The card of a {@code Certificate} element. */
    public static DocumentCard read(Element certificate) {
        List<Field> document = new ArrayList<>();
        for (Attr attribute : ordered(certificate, ORDER)) {
            String name = name(attribute);
            if (!SHOWN_ELSEWHERE.contains(name)) {
                add(document, "number".equals(name) ? "documentNumber" : name, attribute.getValue());
            }
        }
        Element organisation = path(certificate, "IssuedBy", "Organization");
        String issuedBy = organisation == null || organisation.getAttribute("name").isBlank() ? null
                : organisation.getAttribute("name").strip();
        Element person = path(certificate, "IssuedTo", "Person");
        List<Field> holder = new ArrayList<>();
        if (person != null) {
            fields(person, holder);
        }
        List<Group> groups = new ArrayList<>();
        Element data = XmlElements.child(certificate, "CertificateData");
        if (data != null) {
            group(data, groups);
        }
        return new DocumentCard(issuedBy, document, holder, groups);
    }

    /** The element as a group, added to {@code groups} (when it has anything), then its children's groups. */
    private static void group(Element element, List<Group> groups) {
        List<Field> fields = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        int at = groups.size();
        attributes(element, fields);
        Map<String, List<Element>> children = children(element);
        for (Map.Entry<String, List<Element>> named : children.entrySet()) {
            List<Element> same = named.getValue();
            Element first = same.get(0);
            if (same.size() > 1 && !leaf(first)) {
                tables.add(table(named.getKey(), same));
            }
            else if (wrapper(first)) {
                tables.add(table(named.getKey(), elements(first)));
            }
            else {
                for (Element child : same) {
                    if (leaf(child) || "Address".equals(named.getKey())) {
                        child(child, fields);
                    }
                    else {
                        group(child, groups);
                    }
                }
            }
        }
        String text = ownText(element);
        if (text != null) {
            add(fields, name(element), text);
        }
        if (!fields.isEmpty() || !tables.isEmpty()) {
            groups.add(at, new Group(name(element), FieldNames.words(name(element)), fields, tables));
        }
    }

    /** A person's (or any element's) attributes and simple children as fields; an address as one field. */
    private static void fields(Element element, List<Field> fields) {
        attributes(element, fields);
        for (List<Element> same : children(element).values()) {
            for (Element child : same) {
                child(child, fields);
            }
        }
    }

    /** A child that is one value (its text), or an address (its parts joined), as a field. */
    private static void child(Element child, List<Field> fields) {
        if ("Address".equals(name(child))) {
            List<String> parts = new ArrayList<>();
            for (Attr attribute : ordered(child, ADDRESS)) {
                String value = attribute.getValue().strip();
                if (!value.isEmpty() && !"type".equals(name(attribute))) {
                    parts.add(value);
                }
            }
            String text = ownText(child);
            if (text != null) {
                parts.add(text);
            }
            add(fields, "Address", String.join(", ", parts));
        }
        else if (leaf(child)) {
            add(fields, name(child), ownText(child));
        }
    }

    private static Table table(String name, List<Element> rows) {
        Map<String, Column> columns = new LinkedHashMap<>();
        List<Map<String, String>> cells = new ArrayList<>();
        for (Element row : rows) {
            List<Field> fields = new ArrayList<>();
            fields(row, fields);
            String text = ownText(row);
            if (text != null) {
                add(fields, name(row), text);
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Field field : fields) {
                columns.putIfAbsent(field.name(), new Column(field.name(), field.label()));
                values.merge(field.name(), field.value(), (a, b) -> a + "; " + b);
            }
            cells.add(values);
        }
        List<List<String>> table = cells.stream()
                .map(values -> columns.keySet().stream().map(column -> values.getOrDefault(column, "")).toList())
                .toList();
        return new Table(name, FieldNames.words(name), List.copyOf(columns.values()), table);
    }

    private static void attributes(Element element, List<Field> fields) {
        for (Attr attribute : ordered(element, ORDER)) {
            add(fields, name(attribute), attribute.getValue());
        }
    }

    /** The element's attributes, namespace declarations left out, those named in {@code order} first, in its order. */
    private static List<Attr> ordered(Element element, List<String> order) {
        NamedNodeMap map = element.getAttributes();
        List<Attr> attributes = new ArrayList<>(map.getLength());
        for (int i = 0; i < map.getLength(); i++) {
            Attr attribute = (Attr) map.item(i);
            if (!attribute.getName().startsWith("xmlns")) {
                attributes.add(attribute);
            }
        }
        attributes.sort(Comparator.comparingInt(attribute -> {
            int rank = order.indexOf(name(attribute));
            return rank < 0 ? order.size() : rank;
        }));
        return attributes;
    }

    private static String name(Attr attribute) {
        return attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
    }

    private static void add(List<Field> fields, String name, String value) {
        String shown = value == null ? "" : value.strip();
        if (shown.isEmpty() || shown.length() > MAX_VALUE_LENGTH) {
            return;
        }
        fields.add(new Field(name, FieldNames.words(name), shown(name, shown)));
    }

    /** A national ID as its last four digits; a date as DD-MM-YYYY. */
    static String shown(String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("uid") || lower.contains("aadhaar")) {
            String digits = value.replace(" ", "");
            if (digits.length() <= 4) {
                return value;
            }
            return digits.length() == 12 ? "XXXX XXXX " + digits.substring(8)
                    : "X".repeat(digits.length() - 4) + digits.substring(digits.length() - 4);
        }
        try {
            if (ISO_DATE.matcher(value).matches()) {
                return LocalDate.parse(value.substring(0, 10)).format(DAY);
            }
            if (SLASHED_DATE.matcher(value).matches()) {
                return value.replace('/', '-');
            }
        }
        catch (DateTimeParseException e) {
            return value;
        }
        return value;
    }

    /** The child elements by name, in the order the names first appear; the signature and photos left out. */
    private static Map<String, List<Element>> children(Element element) {
        Map<String, List<Element>> children = new LinkedHashMap<>();
        for (Element child : elements(element)) {
            if (!XMLSignature.XMLNS.equals(child.getNamespaceURI()) && !"Photo".equals(name(child))) {
                children.computeIfAbsent(name(child), name -> new ArrayList<>()).add(child);
            }
        }
        return children;
    }

    private static List<Element> elements(Element element) {
        List<Element> elements = new ArrayList<>();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child) {
                elements.add(child);
            }
        }
        return elements;
    }

    /** An element that is one value: no attributes, no child elements. */
    private static boolean leaf(Element element) {
        return element.getAttributes().getLength() == 0 && elements(element).isEmpty();
    }

    /** An element that only wraps elements of one name, which are not values themselves: {@code Subjects}. */
    private static boolean wrapper(Element element) {
        if (element.getAttributes().getLength() > 0 || ownText(element) != null) {
            return false;
        }
        List<Element> children = elements(element);
        return !children.isEmpty() && children.stream().allMatch(child -> name(child).equals(name(children.get(0))))
                && !leaf(children.get(0));
    }

    private static String ownText(Element element) {
        StringBuilder text = new StringBuilder();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(node.getNodeValue());
            }
        }
        String stripped = text.toString().strip();
        return stripped.isEmpty() ? null : stripped;
    }

    private static String name(Element element) {
        return XmlElements.localName(element);
    }

    private static Element path(Element from, String... names) {
        Element current = from;
        for (String name : names) {
            current = current == null ? null : XmlElements.child(current, name);
        }
        return current;
    }
}
