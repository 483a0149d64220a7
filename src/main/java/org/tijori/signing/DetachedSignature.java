package org.tijori.signing;

/**
 * A detached CAdES signature of a file, to keep beside it as {@code <name>.p7s}.
 *
 * @param p7s the DER encoding of the CMS SignedData (without the file's content)
 * @param receipt what the signing made
 */
public record DetachedSignature(byte[] p7s, EsignReceipt receipt) {

    /** The media type of a detached CMS signature (RFC 8551). */
    public static final String MEDIA_TYPE = "application/pkcs7-signature";
}
