package org.tijori.issuer;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reading DigiLocker's request and answer elements, which carry no namespace. */
final class XmlElements {

    private XmlElements() {
    }

    static String localName(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    /** The first child element of that name, or null. */
    static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(localName(element))) {
                return element;
            }
        }
        return null;
    }

    /** The trimmed text of a child element; null when absent or empty. */
    static String text(Element parent, String name) {
        Element element = child(parent, name);
        String text = element == null ? null : element.getTextContent().strip();
        return text == null || text.isEmpty() ? null : text;
    }

    static String attribute(Element element, String name) {
        return element.hasAttribute(name) ? element.getAttribute(name) : null;
    }

    /** Text made safe for an element or a double-quoted attribute; characters XML cannot hold are dropped. */
    static String escape(String value) {
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
