package org.tijori.locker.events;

import org.tijori.account.AccountId;

/**
 * A resident e-signed an uploaded document (issue 18): the signed copy is a new uploaded document beside it.
 *
 * @param document the ID of the document signed
 * @param name its name
 * @param signedDocument the ID of the signed copy (a PDF) or of the detached signature (a {@code .p7s})
 * @param signedName the signed copy's name
 * @param certificate the serial number, in hex, of the certificate issued for this signature
 */
public record DocumentSigned(AccountId account, String document, String name, String signedDocument,
        String signedName, String certificate) {
}
