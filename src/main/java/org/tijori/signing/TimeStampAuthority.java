package org.tijori.signing;

import java.util.List;

import org.bouncycastle.tsp.TimeStampToken;

/** Where signatures get their RFC 3161 time-stamps: Tijori's own authority or the deployer's. */
interface TimeStampAuthority {

    /**
     * A time-stamp token over a SHA-256 digest, checked to cover exactly that digest.
     *
     * @throws TimeStampUnavailableException when no token could be had
     */
    TimeStampToken stamp(byte[] sha256);

    /**
     * The DER encodings of the authority's certificate and the CAs' above it, as far as they are known before a
     * token is asked for: for validation material that goes into a PDF with the signature.
     */
    List<byte[]> certificates();
}
