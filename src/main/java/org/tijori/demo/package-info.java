/**
 * A demo issuer for trying Tijori out ({@code --spring.profiles.active=demo}, never in production): it
 * registers itself, is approved with the bootstrap token, publishes sample documents to demo residents of
 * the ID registry and answers Pull URI requests, all through Tijori's public HTTP APIs like a separate
 * issuer's system would.
 */
@ApplicationModule(allowedDependencies = { "account", "identity", "issuer", "issuer :: documents", "signing" })
package org.tijori.demo;

import org.springframework.modulith.ApplicationModule;
