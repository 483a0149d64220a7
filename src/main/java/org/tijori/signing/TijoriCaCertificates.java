package org.tijori.signing;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Tijori's own e-sign CA certificates, as they are now: a signer chaining to one of them is Tijori's. Asked on
 * every check, so that a CA made or renewed while the node runs is seen at once.
 */
@FunctionalInterface
interface TijoriCaCertificates {

    List<X509Certificate> current();
}
