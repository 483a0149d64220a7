/**
 * What every page and API shares: the security filter chains, the page layout, navigation, the home
 * and sign-in pages, language selection, request IDs and error answers (friendly pages for people,
 * RFC 9457 problem details for programs).
 */
@ApplicationModule(allowedDependencies = { "account", "account :: limits", "account :: security", "identity", "locker", "audit",
        "issuer", "gateway", "storage", "notification" })
package org.tijori.web;

import org.springframework.modulith.ApplicationModule;
