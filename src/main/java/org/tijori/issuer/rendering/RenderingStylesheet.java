package org.tijori.issuer.rendering;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.transform.Templates;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.sax.SAXResult;

import org.tijori.signing.SecureXml;
import org.tijori.signing.XmlRejectedException;
import org.w3c.dom.Document;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * An issuer's XSLT for printing its documents: from the Certificate XML to Tijori's rendering
 * vocabulary, {@code <Rendering><Section heading="..."><Field label="...">value</Field></Section></Rendering>}.
 * Compiled with secure processing and no external access (no {@code document()}, imports or
 * includes from outside, no extension functions), so a stylesheet can only rearrange the document it
 * is given; and applied with a limit on what it writes and a deadline (see {@link RenderingStylesheets}).
 */
public final class RenderingStylesheet {

    static final int MAX_CHARS = 100_000;

    private final Templates templates;

    private RenderingStylesheet(Templates templates) {
        this.templates = templates;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the stylesheet
     */
    public static RenderingStylesheet compile(String xslt) {
        if (xslt == null || xslt.isBlank() || xslt.length() > MAX_CHARS) {
            throw new IllegalArgumentException("an XSLT stylesheet of at most 100,000 characters");
        }
        Document stylesheet;
        try {
            stylesheet = SecureXml.parse(xslt.getBytes(StandardCharsets.UTF_8), MAX_CHARS * 4);
        }
        catch (XmlRejectedException e) {
            throw new IllegalArgumentException("the stylesheet was refused: " + e.getMessage());
        }
        try {
            return new RenderingStylesheet(factory().newTemplates(new DOMSource(stylesheet)));
        }
        catch (TransformerConfigurationException e) {
            throw new IllegalArgumentException("the stylesheet does not compile: " + e.getMessage());
        }
    }

    /**
     * The sections the stylesheet makes of a certificate. The result is taken in as the stylesheet
     * writes it, never built whole: writing more than {@code maxChars} (each element counts its name and
     * attributes too), or still writing at {@code deadline}, stops the transformation there.
     *
     * @param deadline as {@link System#nanoTime()}
     */
    List<Section> apply(Document certificate, long deadline, int maxChars) throws TransformerException {
        var transformer = templates.newTransformer();
        transformer.setErrorListener(new javax.xml.transform.ErrorListener() {
            @Override
            public void warning(TransformerException e) {
            }

            @Override
            public void error(TransformerException e) throws TransformerException {
                throw e;
            }

            @Override
            public void fatalError(TransformerException e) throws TransformerException {
                throw e;
            }
        });
        Sections sections = new Sections(deadline, maxChars);
        try {
            transformer.transform(new DOMSource(certificate), new SAXResult(sections));
        }
        catch (StackOverflowError e) {
            throw new TransformerException("the stylesheet recursed too deeply");
        }
        if (sections.stopped != null) {
            throw new TransformerException(sections.stopped);
        }
        if (!sections.rendering) {
            throw new TransformerException("the stylesheet must produce a Rendering element");
        }
        return sections.sections;
    }

    private static TransformerFactory factory() throws TransformerConfigurationException {
        TransformerFactory factory = TransformerFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        factory.setURIResolver((href, base) -> {
            throw new TransformerException("the stylesheet may not load " + href);
        });
        return factory;
    }

    /** A heading and its label-value pairs. */
    public record Section(String heading, List<String[]> fields) {
    }

    /**
     * Reads {@code Rendering/Section/Field} as the stylesheet writes it: a section is a {@code Section}
     * child of the root {@code Rendering}, a field a {@code Field} child of a section, whose value is all
     * the text inside it. Everything else is ignored, but counted.
     */
    private static final class Sections extends DefaultHandler {

        private final long deadline;

        private final int maxChars;

        private final List<Section> sections = new ArrayList<>();

        private final List<String> open = new ArrayList<>();

        private long written;

        private boolean rendering;

        private int roots;

        private String stopped;

        private List<String[]> fields;

        private String label;

        private StringBuilder value;

        Sections(long deadline, int maxChars) {
            this.deadline = deadline;
            this.maxChars = maxChars;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            String name = localName == null || localName.isEmpty() ? qName.substring(qName.indexOf(':') + 1)
                    : localName;
            long size = name.length();
            for (int i = 0; i < attributes.getLength(); i++) {
                size += attributes.getQName(i).length() + attributes.getValue(i).length();
            }
            count(size);
            int depth = open.size();
            if (depth == 0) {
                if (roots++ > 0) {
                    stopped = "the stylesheet must produce one Rendering element";
                    throw new SAXException(stopped);
                }
                rendering = "Rendering".equals(name);
            }
            else if (rendering && depth == 1 && "Section".equals(name)) {
                fields = new ArrayList<>();
                sections.add(new Section(attribute(attributes, "heading"), fields));
            }
            else if (fields != null && depth == 2 && "Field".equals(name) && "Section".equals(open.get(1))) {
                label = attribute(attributes, "label");
                value = new StringBuilder();
            }
            open.add(name);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            count(0);
            open.remove(open.size() - 1);
            int depth = open.size();
            if (depth == 2 && value != null) {
                fields.add(new String[] { label, value.toString().strip() });
                value = null;
            }
            else if (depth == 1) {
                fields = null;
            }
        }

        @Override
        public void characters(char[] text, int start, int length) throws SAXException {
            count(length);
            if (value != null) {
                value.append(text, start, length);
            }
        }

        private void count(long chars) throws SAXException {
            written += chars;
            if (written > maxChars) {
                stopped = "the stylesheet wrote more than " + maxChars + " characters";
            }
            else if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                stopped = "the stylesheet ran out of time";
            }
            if (stopped != null) {
                throw new SAXException(stopped);
            }
        }

        private static String attribute(Attributes attributes, String name) {
            String value = attributes.getValue(name);
            return value != null ? value : attributes.getValue("", name) != null ? attributes.getValue("", name) : "";
        }
    }
}
