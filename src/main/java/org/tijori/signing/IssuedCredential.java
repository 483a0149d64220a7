package org.tijori.signing;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A key pair's private half and its certificate chain, signer's certificate first and the e-sign CA's last: what
 * one signing (or the time-stamp authority) signs with. Held in memory only.
 */
record IssuedCredential(PrivateKey privateKey, List<X509Certificate> chain) {

    IssuedCredential {
        chain = List.copyOf(chain);
    }

    X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "IssuedCredential[" + certificate().getSubjectX500Principal() + "]";
    }
}
