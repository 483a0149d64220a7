/**
 * Sends text messages and e-mail for the other modules: text messages through the provider chosen by
 * {@code tijori.sms.provider} (the application log and {@code data-dir/sms-outbox.log}, or an HTTP webhook);
 * e-mail through {@link org.tijori.notification.MailOutbox}, stored in the caller's transaction and delivered
 * after it commits, by SMTP ({@code spring.mail.*}) or, without a mail server, to the log and
 * {@code data-dir/mail-outbox/}.
 */
@ApplicationModule(allowedDependencies = { "account" })
package org.tijori.notification;

import org.springframework.modulith.ApplicationModule;
