/**
 * Accounts and how people prove who they are: administrators now; residents, mobile numbers, OTPs
 * and sessions as the resident issues add them. Publishes sign-in and account events for the trail.
 */
@ApplicationModule(allowedDependencies = {})
package org.tijori.account;

import org.springframework.modulith.ApplicationModule;
