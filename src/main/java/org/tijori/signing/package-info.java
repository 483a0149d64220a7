/**
 * Signatures on issued documents: {@link org.tijori.signing.SecureXml} parses untrusted XML with
 * every external fetch and DTD refused, and {@link org.tijori.signing.XmlSignatures} checks an
 * issuer's enveloped XML signature on a whole DigiLocker Certificate XML against the certificates
 * registered for that issuer.
 */
@ApplicationModule(allowedDependencies = {})
package org.tijori.signing;

import org.springframework.modulith.ApplicationModule;
