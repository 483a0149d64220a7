package org.tijori.notification;

/**
 * One e-mail to send: the caller renders it (in the recipient's language); notification only stores and
 * delivers it. Values are checked here so that nothing can be stored that could not be delivered.
 *
 * @param to the recipient
 * @param subject one line, trimmed, without line breaks or control characters, at most
 *                {@value #MAX_SUBJECT} characters
 * @param text the plain-text body, required, at most {@value #MAX_BODY} characters
 * @param html the HTML body, or {@code null} for a plain-text message; a blank one counts as none; at most
 *             {@value #MAX_BODY} characters
 */
public record MailMessage(MailAddress to, String subject, String text, String html) {

    public static final int MAX_SUBJECT = 200;

    public static final int MAX_BODY = 200_000;

    public MailMessage {
        if (to == null) {
            throw new IllegalArgumentException("An e-mail needs a recipient");
        }
        if (subject == null) {
            throw new IllegalArgumentException("An e-mail needs a subject");
        }
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("The subject of an e-mail must be one line, without line breaks");
            }
            if (Character.isISOControl(c) && c != '\t') {
                throw new IllegalArgumentException("The subject of an e-mail must not contain control characters");
            }
        }
        subject = subject.strip();
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("An e-mail needs a subject");
        }
        if (subject.length() > MAX_SUBJECT) {
            throw new IllegalArgumentException(
                    "The subject of an e-mail must be at most " + MAX_SUBJECT + " characters long");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("An e-mail needs a plain-text body");
        }
        if (text.length() > MAX_BODY) {
            throw new IllegalArgumentException(
                    "The plain-text body of an e-mail must be at most " + MAX_BODY + " characters long");
        }
        if (html != null && html.isBlank()) {
            html = null;
        }
        if (html != null && html.length() > MAX_BODY) {
            throw new IllegalArgumentException(
                    "The HTML body of an e-mail must be at most " + MAX_BODY + " characters long");
        }
    }

    /** A plain-text message. */
    public MailMessage(MailAddress to, String subject, String text) {
        this(to, subject, text, null);
    }
}
