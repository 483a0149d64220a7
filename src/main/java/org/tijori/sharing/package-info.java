/**
 * Sharing by e-mail link (issue 17): a resident hands one or several of their documents to one e-mail address
 * through a link that expires, may be opened a limited number of times, may ask for an access code, and is
 * revoked with one click ({@link org.tijori.sharing.DocumentSharing}); every opening is recorded and the
 * recipient's downloaded PDFs carry a stamp saying where they came from.
 */
@ApplicationModule(allowedDependencies = { "account", "account :: events", "account :: limits", "issuer :: documents",
        "locker", "locker :: events", "notification", "storage" })
package org.tijori.sharing;

import org.springframework.modulith.ApplicationModule;
