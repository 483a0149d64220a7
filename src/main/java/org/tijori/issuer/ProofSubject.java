package org.tijori.issuer;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.regex.Pattern;

import org.springframework.modulith.NamedInterface;

/**
 * What Tijori's proof for one version of a document says about it (ADR 22): the holder's name as the
 * Certificate XML gives it ({@code IssuedTo/Person@name}), in NFC and cut to {@value #HOLDER_LENGTH} code
 * points so that the QR code stays readable on A4.
 *
 * @param issuedOn the day the issuer issued it, or {@code null} when the push did not say
 * @param holder the holder's name, or {@code null} when there is no Certificate XML or it names nobody
 * @param xmlSha256 the hex SHA-256 of the Certificate XML as issued, or {@code null} for a URI pushed without
 *                  one
 */
@NamedInterface("documents")
public record ProofSubject(DocumentUri uri, int version, LocalDate issuedOn, String holder, String xmlSha256) {

    /** The longest holder's name a proof carries, in code points. */
    public static final int HOLDER_LENGTH = 100;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ProofSubject {
        if (uri == null || version < 1) {
            throw new IllegalArgumentException("A proof is for one version (1 or more) of a document URI.");
        }
        if (xmlSha256 != null && !SHA256_HEX.matcher(xmlSha256).matches()) {
            throw new IllegalArgumentException("The SHA-256 of the Certificate XML is 64 lower-case hex digits.");
        }
        holder = holder(holder);
    }

    /** The name in NFC, cut to whole code points; {@code null} for no name or a blank one. */
    static String holder(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String normal = Normalizer.normalize(name.strip(), Normalizer.Form.NFC);
        int points = normal.codePointCount(0, normal.length());
        return points <= HOLDER_LENGTH ? normal : normal.substring(0, normal.offsetByCodePoints(0, HOLDER_LENGTH));
    }
}
