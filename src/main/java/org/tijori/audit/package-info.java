/**
 * The tamper-evident activity trail: every event that a module publishes in its {@code events}
 * package is recorded with who did it, what, when (UTC) and from where, and chained to the entry
 * before it by a SHA-256 hash, so that altering, removing or reordering an entry is detected by
 * {@link org.tijori.audit.AuditTrail#verify()}.
 * <p>
 * Conventions for events: an event is a record in {@code org.tijori.<module>.events}; its first
 * component names the subject (a document URI, an account, a username); the other components are
 * kept as details through their {@code toString()}, so a value holding a secret must redact itself
 * there. Who and from where come from the signed-in principal and the current HTTP request.
 */
@ApplicationModule(allowedDependencies = {})
package org.tijori.audit;

import org.springframework.modulith.ApplicationModule;
