package org.tijori.signing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import org.tijori.signing.XmlRejectedException.Reason;

/**
 * Parses XML that came from outside (issuers, residents, partners) into a namespace-aware DOM with
 * nothing fetched and nothing expanded: a document type declaration of any kind is refused, so
 * there are no entities (XXE, billion laughs), no external DTDs and no XInclude.
 * <p>
 * Size alone does not bound a DOM: 20 MB of {@code <a/>} is five million elements, each a node of about a
 * hundred bytes, so one such body costs half a gigabyte once built. Before a document is built, its elements
 * are therefore counted by a streaming reader that keeps nothing, and a document past {@link #MAX_ELEMENTS},
 * {@link #MAX_ELEMENT_DEPTH} or {@link #MAX_ATTRIBUTES} is refused with the reader's few kilobytes spent.
 */
public final class SecureXml {

    /** Deeper nesting than any issued document needs; recursive DOM code would overflow the stack. */
    static final int MAX_ELEMENT_DEPTH = 256;

    /**
     * More elements than any issued document or request needs: a Certificate XML holds tens to a few
     * thousand (a transcript's every subject and mark), and its DOM at this bound stays near ten megabytes.
     */
    public static final int MAX_ELEMENTS = 100_000;

    /** More attributes on one element than any document needs (the JDK's own bound is 10,000). */
    static final int MAX_ATTRIBUTES = 256;

    private static final String ELEMENT_ATTRIBUTE_LIMIT_PROPERTY =
            "http://www.oracle.com/xml/jaxp/properties/elementAttributeLimit";

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String MAX_ELEMENT_DEPTH_PROPERTY = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

    private static final byte[] XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            .getBytes(StandardCharsets.UTF_8);

    private static final byte[] XML_DECLARATION_START = "<?xml".getBytes(StandardCharsets.US_ASCII);

    /** The encodings in which {@code <} is the byte 0x3C and no other character holds that byte. */
    private static final Set<String> ASCII_COMPATIBLE = Set.of("UTF-8", "UTF8", "US-ASCII",
            "ASCII", "ISO-8859-1", "ISO8859-1", "LATIN1");

    private static final Pattern DECLARED_ENCODING = Pattern
            .compile("encoding\\s*=\\s*([\"'])([A-Za-z0-9._-]{1,40})\\1");

    private SecureXml() {
    }

    /**
     * Parses {@code xml}, refusing it unread when it is longer than {@code maxBytes}.
     *
     * @throws XmlRejectedException when it is too large, declares a DTD or is not well-formed
     */
    public static Document parse(byte[] xml, int maxBytes) {
        Objects.requireNonNull(xml, "xml");
        requireLimit(maxBytes);
        if (xml.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return read(xml);
    }

    /**
     * Reads at most {@code maxBytes + 1} bytes of {@code xml} and parses them; the stream is not closed.
     *
     * @throws XmlRejectedException when it is too large, declares a DTD or is not well-formed
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static Document parse(InputStream xml, int maxBytes) {
        Objects.requireNonNull(xml, "xml");
        requireLimit(maxBytes);
        byte[] bytes;
        try {
            bytes = xml.readNBytes(maxBytes + 1);
        }
        catch (IOException e) {
            throw new UncheckedIOException("The XML could not be read", e);
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return read(bytes);
    }

    /**
     * The document as UTF-8, node for node: no indentation or other whitespace is added or removed,
     * so a signature over it stays valid.
     */
    public static byte[] serialize(Document doc) {
        Objects.requireNonNull(doc, "doc");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(XML_DECLARATION);
        try {
            newTransformer().transform(new DOMSource(doc), new StreamResult(out));
        }
        catch (TransformerException e) {
            throw new IllegalStateException("The document could not be serialized", e);
        }
        return out.toByteArray();
    }

    /**
     * The root element's name and attributes, read by a streaming parser that stops there: what a request
     * says about itself (who sent it) can be known, and its HMAC checked, before anything of its body is
     * built. A document type declaration before the root is refused, as {@link #parse(byte[], int)} would.
     *
     * @throws XmlRejectedException when the XML declares a DTD or its start is not well-formed
     */
    public static RootElement root(byte[] xml) {
        Objects.requireNonNull(xml, "xml");
        RootReader reader = new RootReader();
        stream(xml, reader);
        if (reader.root == null) {
            throw new XmlRejectedException(Reason.MALFORMED, "The XML has no root element.");
        }
        return reader.root;
    }

    /**
     * Counts what the DOM would hold, keeping nothing, and refuses the document when it is past the bounds
     * (elements, depth, attributes on one element). Streaming, it costs a few kilobytes whatever the body.
     */
    private static void countNodes(byte[] xml) {
        stream(xml, new NodeCounter());
    }

    /** Runs {@code handler} over {@code xml} with the same refusals as the DOM parser, and no output of its own. */
    private static void stream(byte[] xml, DefaultHandler handler) {
        XMLReader reader = streams.get();
        reader.setContentHandler(handler);
        reader.setErrorHandler(SilentErrors.INSTANCE);
        try {
            reader.parse(new InputSource(new ByteArrayInputStream(xml)));
        }
        catch (Enough e) {
            // The handler has all it wanted: the rest of the document is not read.
        }
        catch (Refusal e) {
            throw e.refused;
        }
        catch (SAXException | IOException e) {
            throw rejected(e);
        }
        finally {
            reader.setContentHandler(null);
        }
    }

    private static XmlRejectedException tooComplex(String message) {
        return new XmlRejectedException(Reason.TOO_COMPLEX, message);
    }

    /**
     * One streaming parser per thread, like the DOM builders: the same JDK parser with the same refusals (no
     * DOCTYPE, nothing external), so that what it lets through the DOM builder takes alike.
     */
    private static final ThreadLocal<XMLReader> streams = ThreadLocal.withInitial(SecureXml::createStream);

    private static XMLReader createStream() {
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        try {
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            XMLReader reader = factory.newSAXParser().getXMLReader();
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return reader;
        }
        catch (ParserConfigurationException | SAXException | IllegalArgumentException e) {
            throw new IllegalStateException("The JDK's XML parser does not support the settings that make it safe", e);
        }
    }

    /** Takes the root element, then stops the parse. */
    private static final class RootReader extends DefaultHandler {

        private RootElement root;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if (attributes.getLength() > MAX_ATTRIBUTES) {
                throw new Refusal(tooComplex("The root element has more than " + MAX_ATTRIBUTES + " attributes."));
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < attributes.getLength(); i++) {
                if (attributes.getURI(i) == null || attributes.getURI(i).isEmpty()) {
                    values.putIfAbsent(attributes.getLocalName(i), attributes.getValue(i));
                }
            }
            root = new RootElement(uri, localName, values);
            throw new Enough();
        }
    }

    /** Counts elements, depth and attributes, and refuses the document at the first bound it passes. */
    private static final class NodeCounter extends DefaultHandler {

        private int elements;

        private int depth;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if (++elements > MAX_ELEMENTS) {
                throw new Refusal(tooComplex("The XML holds more than " + MAX_ELEMENTS + " elements."));
            }
            if (++depth > MAX_ELEMENT_DEPTH) {
                throw new Refusal(tooComplex("The XML nests elements more than " + MAX_ELEMENT_DEPTH + " deep."));
            }
            if (attributes.getLength() > MAX_ATTRIBUTES) {
                throw new Refusal(tooComplex("An element of the XML has more than " + MAX_ATTRIBUTES + " attributes."));
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            depth--;
        }
    }

    /** Stops a streaming parse early, with all that was wanted. */
    private static final class Enough extends RuntimeException {

        Enough() {
            super(null, null, false, false);
        }
    }

    /** Carries a refusal out of a handler, through the parser. */
    private static final class Refusal extends RuntimeException {

        private final XmlRejectedException refused;

        Refusal(XmlRejectedException refused) {
            super(null, null, false, false);
            this.refused = refused;
        }
    }

    private static Document read(byte[] xml) {
        boolean counted = !fewEnoughTags(xml);
        if (counted) {
            countNodes(xml);
        }
        DocumentBuilder builder = newBuilder();
        try {
            Document doc = builder.parse(new InputSource(new ByteArrayInputStream(xml)));
            if (doc.getDoctype() != null) {
                throw doctypeRefused(null);
            }
            return doc;
        }
        catch (SAXException | IOException e) {
            if (!counted) {
                // The builder refuses deep nesting and crowded elements by itself; the count says which bound it was.
                countNodes(xml);
            }
            throw rejected(e);
        }
    }

    /**
     * Whether the bytes cannot hold more than {@link #MAX_ELEMENTS} elements, known without parsing: every start
     * tag begins with {@code <}, which is the byte {@code 0x3C} in UTF-8, US-ASCII and ISO-8859-1 and appears in
     * no other character of them, so there are at most as many elements as such bytes. Any other encoding (a
     * byte-order mark of UTF-16 or UTF-32, EBCDIC, another declared encoding, a declaration this cannot read)
     * answers false, and the elements are counted by parsing. Depth and attributes are bounded by the DOM
     * builder itself. A Certificate XML of a few kilobytes is scanned in microseconds, where the counting parse
     * cost as much as building the document.
     */
    static boolean fewEnoughTags(byte[] xml) {
        int start = xml.length >= 3 && (xml[0] & 0xFF) == 0xEF && (xml[1] & 0xFF) == 0xBB && (xml[2] & 0xFF) == 0xBF
                ? 3 : 0;
        if (xml.length - start < 2 || !asciiCompatibleStart(xml[start]) || xml[start + 1] == 0) {
            // A zero after the first character is how the parser knows UTF-16 or UTF-32 without a byte-order mark.
            return false;
        }
        if (startsWith(xml, start, XML_DECLARATION_START) && !declaresAsciiCompatibleEncoding(xml, start)) {
            return false;
        }
        int tags = 0;
        for (int i = start; i < xml.length; i++) {
            if (xml[i] == '<' && ++tags > MAX_ELEMENTS) {
                return false;
            }
        }
        return true;
    }

    /** A document read as UTF-8 (by the parser's own detection) starts with {@code <} or white space. */
    private static boolean asciiCompatibleStart(byte first) {
        return first == '<' || first == ' ' || first == '\t' || first == '\r' || first == '\n';
    }

    /** Whether the XML declaration at {@code start} names no encoding, or one of {@link #ASCII_COMPATIBLE}. */
    private static boolean declaresAsciiCompatibleEncoding(byte[] xml, int start) {
        int end = Math.min(xml.length, start + 256);
        int close = -1;
        for (int i = start; i + 1 < end; i++) {
            if (xml[i] == '?' && xml[i + 1] == '>') {
                close = i;
                break;
            }
        }
        if (close < 0) {
            return false;
        }
        String declaration = new String(xml, start, close - start, StandardCharsets.ISO_8859_1);
        if (!declaration.contains("encoding")) {
            return true;
        }
        Matcher named = DECLARED_ENCODING.matcher(declaration);
        return named.find() && ASCII_COMPATIBLE.contains(named.group(2).toUpperCase(Locale.ROOT));
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        return bytes.length - offset >= prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    /** What a parser's failure means for the document: a DTD it refused, or bytes that are not well-formed XML. */
    private static XmlRejectedException rejected(Exception e) {
        if (e instanceof SAXParseException parse) {
            if (isDoctypeRefusal(parse)) {
                return doctypeRefused(parse);
            }
            return new XmlRejectedException(Reason.MALFORMED, "The XML is not well-formed (line "
                    + parse.getLineNumber() + ", column " + parse.getColumnNumber() + ").", parse);
        }
        if (e instanceof IOException) {
            // Nothing is read from outside, so this is a byte sequence invalid in the document's encoding.
            return new XmlRejectedException(Reason.MALFORMED, "The XML is not valid in its character encoding.", e);
        }
        return new XmlRejectedException(Reason.MALFORMED, "The XML is not well-formed.", e);
    }

    /**
     * The parser reports a refused DOCTYPE as a fatal error whose message, in every language it
     * speaks, names the feature that refused it.
     */
    private static boolean isDoctypeRefusal(SAXParseException e) {
        String message = e.getMessage();
        return message != null && (message.contains(DISALLOW_DOCTYPE) || message.contains("DOCTYPE"));
    }

    private static XmlRejectedException doctypeRefused(Throwable cause) {
        return new XmlRejectedException(Reason.DTD,
                "The XML declares a document type (DOCTYPE), which is not accepted.", cause);
    }

    private static XmlRejectedException tooLarge(int maxBytes) {
        return new XmlRejectedException(Reason.TOO_LARGE, "The XML is larger than the " + maxBytes + " bytes allowed.");
    }

    private static void requireLimit(int maxBytes) {
        if (maxBytes < 1 || maxBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be between 1 and " + (Integer.MAX_VALUE - 1));
        }
    }

    /**
     * One builder per thread, reset before each parse: a builder may not be shared between threads, and
     * making one (the factory lookup and its settings) costs about as much as parsing a small document.
     * The builder drops its reference to each document it returns, so nothing parsed stays reachable.
     */
    private static final ThreadLocal<DocumentBuilder> builders = ThreadLocal.withInitial(SecureXml::createBuilder);

    private static DocumentBuilder newBuilder() {
        DocumentBuilder builder = builders.get();
        builder.reset();
        builder.setErrorHandler(SilentErrors.INSTANCE);
        return builder;
    }

    private static DocumentBuilder createBuilder() {
        // The JDK's own parser: the feature names below are its, and a parser on the class path could ignore them.
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        try {
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setAttribute(MAX_ELEMENT_DEPTH_PROPERTY, String.valueOf(MAX_ELEMENT_DEPTH));
            factory.setAttribute(ELEMENT_ATTRIBUTE_LIMIT_PROPERTY, String.valueOf(MAX_ATTRIBUTES));
            return factory.newDocumentBuilder();
        }
        catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("The JDK's XML parser does not support the settings that make it safe", e);
        }
    }

    private static Transformer newTransformer() {
        TransformerFactory factory = TransformerFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.METHOD, "xml");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            // Written by serialize itself: the JDK's own declaration says standalone="no" and varies by version.
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            return transformer;
        }
        catch (TransformerConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("The JDK's XML serializer does not support the settings that make it safe", e);
        }
    }

    /** Turns the parser's errors into exceptions instead of its default printing to standard error. */
    private enum SilentErrors implements ErrorHandler {
        INSTANCE;

        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }

    /** Text made safe for an element or a double-quoted attribute; characters XML cannot hold are dropped. */
    public static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
