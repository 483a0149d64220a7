/**
 * What happened to residents' national IDs and external accounts.
 */
@NamedInterface("events")
package org.tijori.identity.events;

import org.springframework.modulith.NamedInterface;
