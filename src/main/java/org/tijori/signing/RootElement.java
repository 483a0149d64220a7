package org.tijori.signing;

import java.util.Map;
import java.util.Optional;

/**
 * The root element of a document, as {@link SecureXml#root(byte[])} reads it without building the
 * document: its name and its attributes without a namespace.
 *
 * @param namespace the element's namespace URI, or {@code null} or empty when it has none
 */
public record RootElement(String namespace, String localName, Map<String, String> attributes) {

    public RootElement {
        attributes = Map.copyOf(attributes);
    }

    /** The value of the attribute without a namespace that has this name. */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }
}
