/**
 * Tells residents what happens to their issued documents, and sends text messages and e-mail for the other modules.
 * Notices (a document arrived, was revoked, suspended or withdrawn, or its validity ends soon) are made from the
 * issuer module's events and a daily reminder job, listed on the dashboard ({@link org.tijori.notification.ResidentNotices})
 * and sent by SMS in rate-limited digests, as each resident chooses (see {@code tijori.notification.*}). Sends text messages through the provider chosen by
 * {@code tijori.sms.provider} (the application log and {@code data-dir/sms-outbox.log}, or an HTTP webhook);
 * e-mail through {@link org.tijori.notification.MailOutbox}, stored in the caller's transaction and delivered
 * after it commits, by SMTP ({@code spring.mail.*}) or, without a mail server, to the log and
 * {@code data-dir/mail-outbox/}.
 */
@ApplicationModule(allowedDependencies = { "account", "account :: events", "issuer :: documents",
        "issuer :: events" })
package org.tijori.notification;

import org.springframework.modulith.ApplicationModule;
