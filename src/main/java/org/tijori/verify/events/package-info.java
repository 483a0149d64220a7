/**
 * What verifiers did with residents' documents, for the residents' activity.
 */
@NamedInterface("events")
package org.tijori.verify.events;

import org.springframework.modulith.NamedInterface;
