package org.tijori.issuer.intake;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reading DigiLocker's request and answer elements, which carry no namespace. */
public final class XmlElements {

    private XmlElements() {
    }

    public static String localName(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    /** The first child element of that name, or null. */
    public static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(localName(element))) {
                return element;
            }
        }
        return null;
    }

    /** The trimmed text of a child element; null when absent or empty. */
    public static String text(Element parent, String name) {
        Element element = child(parent, name);
        String text = element == null ? null : element.getTextContent().strip();
        return text == null || text.isEmpty() ? null : text;
    }

    /** The holder's name a Certificate XML gives ({@code IssuedTo/Person@name}), or null when it names no one. */
    public static String holder(Element certificate) {
        Element issuedTo = certificate == null ? null : child(certificate, "IssuedTo");
        Element person = issuedTo == null ? null : child(issuedTo, "Person");
        return person == null || person.getAttribute("name").isBlank() ? null : person.getAttribute("name");
    }

    static String attribute(Element element, String name) {
        return element.hasAttribute(name) ? element.getAttribute(name) : null;
    }
}
