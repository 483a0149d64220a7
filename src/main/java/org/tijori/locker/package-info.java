/**
 * A resident's locker: the documents issuers delivered (read through the {@code issuer} module's
 * repository), the documents the resident uploaded ({@link org.tijori.locker.UploadedDocuments}), folders,
 * the recycle bin and the storage quota, and e-signing an uploaded PDF or image
 * ({@link org.tijori.locker.DocumentSigning}, issue 18) with the {@code signing} module's signatures.
 */
@ApplicationModule(allowedDependencies = { "issuer :: documents", "storage", "account", "account :: events",
        "account :: limits", "identity", "signing" })
package org.tijori.locker;

import org.springframework.modulith.ApplicationModule;
