/**
 * National IDs (Aadhaar-style numbers): the Verhoeff-checked {@link org.tijori.identity.NationalId}
 * and the national-ID authority Tijori asks who holds a number, {@link org.tijori.identity.IdAuthority}.
 */
@ApplicationModule(allowedDependencies = { "account", "account :: events", "account :: pages", "account :: limits", "storage" })
package org.tijori.identity;

import org.springframework.modulith.ApplicationModule;
