package org.tijori.issuer.intake;

import java.time.LocalDate;

import org.tijori.account.AccountId;
import org.tijori.identity.NationalId;
import org.tijori.issuer.DocumentUri;

/**
 * A push that {@link PushValidator} found acceptable, ready to be stored: its recipient resolved, its
 * Certificate XML (if any) verified and its signer known.
 *
 * @param uid the national ID it is issued to, when it was pushed by national ID
 * @param account the locker it goes to, when pushed by locker ID (by national ID, the store looks it up)
 * @param xml the verified Certificate XML; null for a metadata-only push
 * @param signer the subject of the certificate that signed the XML; null without XML
 * @param legacySignature whether that signature uses RSA-SHA1, allowed for the issuer by an administrator
 * @param holder the holder's name the XML gives ({@code IssuedTo/Person@name}); null without XML or a name
 */
public record CheckedPush(DocumentUri uri, PushAction action, String docName, LocalDate issuedOn, LocalDate validFrom,
        LocalDate validTo, NationalId uid, AccountId account, byte[] xml, byte[] pdf, String signer,
        boolean legacySignature, String holder) {

    @Override
    public String toString() {
        return "CheckedPush[uri=" + uri + ", action=" + action + "]";
    }
}
