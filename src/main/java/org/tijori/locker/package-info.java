/**
 * A resident's locker: the documents issuers delivered (read through the {@code issuer} module's
 * repository), the documents the resident uploaded ({@link org.tijori.locker.UploadedDocuments}), folders,
 * the recycle bin and the storage quota.
 */
@ApplicationModule(allowedDependencies = { "issuer :: documents", "storage", "account", "account :: events", "account :: limits" })
package org.tijori.locker;

import org.springframework.modulith.ApplicationModule;
