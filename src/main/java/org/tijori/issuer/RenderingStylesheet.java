package org.tijori.issuer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.transform.Templates;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;

import org.tijori.signing.SecureXml;
import org.tijori.signing.XmlRejectedException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * An issuer's XSLT for printing its documents: from the Certificate XML to Tijori's rendering
 * vocabulary, {@code <Rendering><Section heading="..."><Field label="...">value</Field></Section></Rendering>}.
 * Compiled with secure processing and no external access (no {@code document()}, imports or
 * includes from outside, no extension functions), so a stylesheet can only rearrange the document it
 * is given.
 */
final class RenderingStylesheet {

    static final int MAX_CHARS = 100_000;

    private final Templates templates;

    private RenderingStylesheet(Templates templates) {
        this.templates = templates;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the stylesheet
     */
    static RenderingStylesheet compile(String xslt) {
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

    /** The sections the stylesheet makes of a certificate. */
    List<Section> apply(Document certificate) throws TransformerException {
        DOMResult result = new DOMResult();
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
        try {
            transformer.transform(new DOMSource(certificate), result);
        }
        catch (StackOverflowError e) {
            throw new TransformerException("the stylesheet recursed too deeply");
        }
        Node root = result.getNode() instanceof Document document ? document.getDocumentElement() : null;
        if (!(root instanceof Element rendering) || !"Rendering".equals(XmlElements.localName(rendering))) {
            throw new TransformerException("the stylesheet must produce a Rendering element");
        }
        List<Section> sections = new ArrayList<>();
        for (Node node = rendering.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element section && "Section".equals(XmlElements.localName(section))) {
                List<String[]> fields = new ArrayList<>();
                for (Node child = section.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child instanceof Element field && "Field".equals(XmlElements.localName(field))) {
                        fields.add(new String[] { field.getAttribute("label"), field.getTextContent().strip() });
                    }
                }
                sections.add(new Section(section.getAttribute("heading"), fields));
            }
        }
        return sections;
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
    record Section(String heading, List<String[]> fields) {
    }
}
