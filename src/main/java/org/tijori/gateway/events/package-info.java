/**
 * What happened at the access gateway: requesters registering, being decided on and signing in (and, as the
 * gateway grows, residents' consents and what requesters reached with them). Recorded in the activity trail.
 */
@NamedInterface("events")
package org.tijori.gateway.events;

import org.springframework.modulith.NamedInterface;
