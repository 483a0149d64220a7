/**
 * Issuers and the repository of issued documents. This package is what other modules may use: the
 * named interface {@code documents} (a resident's issued documents, their URIs and statuses), the named
 * interface {@code pulls} (the approved issuers and their doc types, and a search made on a resident's behalf
 * and waited for: {@link org.tijori.issuer.pull.IssuerCatalogue}, {@link org.tijori.issuer.pull.ResidentPulls}) and
 * the issuer's ID; everything else lives in internal sub-packages, one per concern (ledger, registration,
 * intake, pull, bulk, portal, rendering, idcard). In short: registration and approval with credentials shown
 * once ({@link org.tijori.issuer.registration.IssuerRegistrations}), signed Certificate XML taken in and delivered
 * to the resident it names ({@link org.tijori.issuer.intake.IssuedDocumentIntake}), the portal where an
 * issuer signs in to see its own publications and refused pushes ({@link org.tijori.issuer.portal.IssuerPortal}),
 * and the directory where residents find issuers and fetch their documents from them
 * ({@link org.tijori.issuer.portal.IssuerDirectory}, {@link org.tijori.issuer.pull.BackgroundPulls}), and the
 * national-ID card that a linked national ID puts among the resident's issued documents
 * ({@link org.tijori.issuer.idcard.NationalIdCards}).
 */
@ApplicationModule(allowedDependencies = { "storage", "signing", "identity", "identity :: events", "account",
        "account :: events", "account :: limits" })
package org.tijori.issuer;

import org.springframework.modulith.ApplicationModule;
