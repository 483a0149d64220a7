/**
 * Accounts and how people prove who they are: administrators and residents, passwords, mobile numbers,
 * OTPs, sessions, and second factors (an authenticator app, passkeys, recovery codes), whose secrets are
 * sealed by the storage module. Publishes sign-in and account events for the trail.
 */
@ApplicationModule(allowedDependencies = { "storage" })
package org.tijori.account;

import org.springframework.modulith.ApplicationModule;
