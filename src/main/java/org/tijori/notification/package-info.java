/**
 * Sends text messages for the other modules through the provider chosen by {@code tijori.sms.provider}:
 * the application log and {@code data-dir/sms-outbox.log}, or an HTTP webhook.
 */
@ApplicationModule(allowedDependencies = { "account" })
package org.tijori.notification;

import org.springframework.modulith.ApplicationModule;
