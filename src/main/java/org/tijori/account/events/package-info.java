/**
 * What happened to accounts: creation, sign-in and its failures.
 */
@NamedInterface("events")
package org.tijori.account.events;

import org.springframework.modulith.NamedInterface;
