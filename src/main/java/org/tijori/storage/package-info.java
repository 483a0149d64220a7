/**
 * The encrypted document vault: every document Tijori keeps is streamed through
 * {@link org.tijori.storage.BlobVault}, encrypted with its own data key (Tink streaming AEAD,
 * AES-256-GCM-HKDF in 64 KiB segments) that is wrapped by the master keyset, and kept on the
 * filesystem or in any S3 service.
 */
@ApplicationModule(allowedDependencies = {})
package org.tijori.storage;

import org.springframework.modulith.ApplicationModule;
