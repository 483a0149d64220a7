package org.tijori.signing;

import java.util.List;

/** What a signed PDF's document security store keeps for a signature, so that it validates without Tijori. */
interface ValidationMaterial {

    /**
     * DER encodings to keep.
     *
     * @param certificates the certificates of the signer, the time-stamp authority and the CAs above them
     * @param crls the CRLs that say they are not revoked
     */
    record Material(List<byte[]> certificates, List<byte[]> crls) {

        public Material {
            certificates = List.copyOf(certificates);
            crls = List.copyOf(crls);
        }
    }

    /** The material for one signature, to be made with {@code credential}. */
    Material forSigning(IssuedCredential credential);
}
