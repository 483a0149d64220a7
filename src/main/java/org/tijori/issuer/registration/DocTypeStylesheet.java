package org.tijori.issuer.registration;

/**
 * How one doc type's documents print: its issuer's XSLT, as the administrators read it before they
 * approve the issuer (it takes effect with the approval).
 *
 * @param code the doc type's code
 * @param name its name
 * @param xslt the stylesheet's text, exactly as registered or set
 */
public record DocTypeStylesheet(String code, String name, String xslt) {
}
