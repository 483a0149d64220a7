/**
 * Signatures on issued documents: {@link org.tijori.signing.SecureXml} parses untrusted XML with
 * every external fetch and DTD refused, and {@link org.tijori.signing.XmlSignatures} checks an
 * issuer's enveloped XML signature on a whole DigiLocker Certificate XML against the certificates
 * registered for that issuer. {@link org.tijori.signing.EsignSignatures} e-signs residents' PDFs (PAdES) and
 * images (detached CAdES) with a certificate that {@link org.tijori.signing.EsignAuthority}, Tijori's e-sign CA,
 * issues for each signing, time-stamped by Tijori's own time-stamp authority or the deployer's;
 * {@link org.tijori.signing.SignatureValidation} checks anyone's signed PDF, or a file and its detached
 * {@code .p7s}, offline with the EU's DSS library (issue 18).
 */
@ApplicationModule(allowedDependencies = { "storage", "account :: limits" })
package org.tijori.signing;

import org.springframework.modulith.ApplicationModule;
