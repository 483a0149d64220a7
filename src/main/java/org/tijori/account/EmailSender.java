package org.tijori.account;

/**
 * Sends the e-mail the account module writes (a code that proves an address). Implemented by the
 * notification module with its outbox.
 */
public interface EmailSender {

    /**
     * Stores a plain-text message for delivery once the caller's transaction commits.
     *
     * @throws IllegalStateException when called outside a transaction
     */
    void send(EmailAddress to, String subject, String text);
}
