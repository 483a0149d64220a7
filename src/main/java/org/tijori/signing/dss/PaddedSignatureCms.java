package org.tijori.signing.dss;

import java.io.IOException;
import java.util.Arrays;

import eu.europa.esig.dss.cms.CMS;
import eu.europa.esig.dss.cms.object.CMSObjectUtils;
import eu.europa.esig.dss.model.DSSException;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * DSS's in-memory CMS handling, reading a CMS signature that is followed by padding. A PDF's signature
 * ({@code /Contents}) is reserved larger than the signature and filled up with zeros; DSS 6.3 hands it over with
 * them, and the Bouncy Castle version Tijori uses (newer than DSS's own) refuses bytes after the structure
 * ("Extra data detected in stream"). So only the first structure is parsed: its bytes as they are when its length
 * is definite, as DER requires, else re-encoded.
 * <p>
 * Registered for DSS's {@code ServiceLoader} in {@code META-INF/services/eu.europa.esig.dss.cms.ICMSUtils},
 * found before {@code dss-cms-object}'s own because the application's classes come first on the class path;
 * {@link org.tijori.signing.SignatureValidation} checks that it is the one found.
 */
public class PaddedSignatureCms extends CMSObjectUtils {

    @Override
    public CMS parseToCMS(byte[] binaries) {
        return super.parseToCMS(firstStructure(binaries));
    }

    static byte[] firstStructure(byte[] binaries) {
        int end = definiteEnd(binaries);
        if (end > 0) {
            return end == binaries.length ? binaries : Arrays.copyOf(binaries, end);
        }
        try (ASN1InputStream in = new ASN1InputStream(binaries)) {
            ASN1Primitive first = in.readObject();
            return first == null ? binaries : first.getEncoded();
        }
        catch (IOException | RuntimeException e) {
            throw new DSSException("Not a valid CAdES file", e);
        }
    }

    /** Where a definite-length structure at the start ends, or -1 when it does not say (or says past the end). */
    private static int definiteEnd(byte[] bytes) {
        if (bytes.length < 2 || (bytes[0] & 0x1F) == 0x1F) {
            return -1;
        }
        int first = bytes[1] & 0xFF;
        if (first < 0x80) {
            return 2 + first <= bytes.length ? 2 + first : -1;
        }
        int octets = first & 0x7F;
        if (octets == 0 || octets > 4 || 2 + octets > bytes.length) {
            return -1;
        }
        long length = 0;
        for (int i = 0; i < octets; i++) {
            length = length << 8 | bytes[2 + i] & 0xFF;
        }
        long end = 2L + octets + length;
        return end <= bytes.length ? (int) end : -1;
    }
}
