package org.tijori.issuer.intake;

import java.time.LocalDate;

import org.tijori.identity.NationalId;
import org.tijori.issuer.DocumentUri;

/**
 * A push as its wire format's reader understood it, before any rule is checked: the XML push by national ID
 * ({@link XmlPushReader}, also each file of a bulk ZIP) and DigiLocker's form push by locker ID
 * ({@link FormPushReader}) make the same command, and {@link PushValidator} checks it once for all of them.
 *
 * @param docName the document's name ({@code DocName}, or the form's {@code description}); null when not sent
 * @param xml the Certificate XML as sent, not yet checked; null for a metadata-only push (the document is then
 *            drawn from what the push says)
 * @param pdf the issuer's PDF as sent; null when Tijori draws one
 */
public record PushCommand(DocumentUri uri, PushAction action, Recipient recipient, String docName, LocalDate issuedOn,
        LocalDate validFrom, LocalDate validTo, byte[] xml, byte[] pdf) {

    /** Whom the document is for: a national ID (the document may wait for its link), or a locker. */
    public sealed interface Recipient {
    }

    public record ByNationalId(NationalId nationalId) implements Recipient {
    }

    /** A locker ID as sent: whether it names a locker is one of the validator's rules. */
    public record ByLocker(String lockerId) implements Recipient {
    }

    @Override
    public String toString() {
        return "PushCommand[uri=" + uri + ", action=" + action + "]";
    }
}
