/**
 * What happened to issuers and to the documents they publish.
 */
@NamedInterface("events")
package org.tijori.issuer.events;

import org.springframework.modulith.NamedInterface;
