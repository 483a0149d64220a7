package org.tijori.account;

/**
 * Sends text messages (one-time passwords among them). Implemented by the notification module,
 * chosen by {@code tijori.sms.provider}.
 */
public interface SmsSender {

    /**
     * Sends one message and returns once it has left.
     *
     * @throws SmsNotSentException when the message could not be sent
     */
    void send(MobileNumber to, String text);
}
