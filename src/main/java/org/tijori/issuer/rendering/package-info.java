/**
 * Drawing an issued document: the PDF with its QR code, laid out by the issuer's XSLT (run with secure
 * processing and no external access) or the standard way.
 * <p>Internal to the issuer module.
 */
package org.tijori.issuer.rendering;
