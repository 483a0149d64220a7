/**
 * What happened to residents' share links: created, opened, locked after wrong access codes, ended. The first
 * component of each event is the account it concerns, so the activity trail files it under that resident.
 */
@NamedInterface("events")
package org.tijori.sharing.events;

import org.springframework.modulith.NamedInterface;
