/**
 * Issuers and the repository of issued documents: registration and approval with credentials shown
 * once ({@link org.tijori.issuer.IssuerRegistrations}), signed Certificate XML taken in and delivered
 * to the resident it names ({@link org.tijori.issuer.IssuedDocumentIntake}), the portal where an
 * issuer signs in to see its own publications and refused pushes ({@link org.tijori.issuer.IssuerPortal}),
 * and the directory where residents find issuers and fetch their documents from them
 * ({@link org.tijori.issuer.IssuerDirectory}, {@link org.tijori.issuer.BackgroundPulls}).
 */
@ApplicationModule(allowedDependencies = { "storage", "signing", "identity", "identity :: events", "account",
        "account :: events", "account :: limits" })
package org.tijori.issuer;

import org.springframework.modulith.ApplicationModule;
