package org.tijori.signing;

import java.time.Instant;

/**
 * What one signing made, for the resident's activity and the signed document's record.
 *
 * @param certificateSerial the serial number of the certificate issued for this signing, in hex
 * @param certificateSubject the certificate's subject, as RFC 2253 text
 * @param signedAt the time claimed in the signature (the PDF's {@code /M})
 * @param timeStampedAt the time the time-stamp authority states
 */
public record EsignReceipt(String certificateSerial, String certificateSubject, Instant signedAt,
        Instant timeStampedAt) {
}
