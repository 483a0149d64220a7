/**
 * What happened in residents' lockers. The first component of each event is the account it concerns,
 * so the activity trail files it under that resident.
 */
@NamedInterface("events")
package org.tijori.locker.events;

import org.springframework.modulith.NamedInterface;
