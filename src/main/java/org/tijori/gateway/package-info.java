/**
 * The access gateway (ADR 23): requesters (banks, employers, universities) reach a resident's documents with the
 * resident's consent, through Spring Security's OAuth 2.0 authorization server on DigiLocker's paths and
 * DigiLocker's Authorized Partner API under {@code /public}. Nothing depends on this module: pages link to it by
 * path, and the trail records its events generically.
 */
@ApplicationModule(allowedDependencies = { "account", "account :: events", "account :: limits", "account :: pages",
        "account :: security", "identity", "issuer :: documents", "issuer :: pulls", "locker", "storage" })
package org.tijori.gateway;

import org.springframework.modulith.ApplicationModule;
