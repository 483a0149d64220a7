/**
 * Public verification (ADR 22): Tijori's signed proof in every printed QR code, the keys that sign it and
 * their JWKS, and the checks a verifier's link or file goes through before anything is looked up.
 */
@ApplicationModule(allowedDependencies = { "issuer :: documents", "signing", "storage", "account",
        "account :: limits" })
package org.tijori.verify;

import org.springframework.modulith.ApplicationModule;
