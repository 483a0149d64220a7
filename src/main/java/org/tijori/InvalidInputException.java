package org.tijori;

import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * A value a person typed that cannot be taken, such as a mobile number of nine digits. Its message says why in
 * English, as a phrase without a closing stop, for logs, APIs and sentences that quote it; its key names the
 * sentence a page shows instead, in the reader's language.
 */
public class InvalidInputException extends IllegalArgumentException {

    private final String key;

    /**
     * @param key the message key of the page's sentence ({@code refusal.mobile})
     * @param message the reason in English, without a closing stop
     */
    public InvalidInputException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }

    /**
     * A refusal as a page shows it: the sentence of its key in the reader's language when it is one of these, else
     * its message made a sentence.
     */
    public static String words(RuntimeException refusal, MessageSource messages, Locale locale) {
        String message = refusal.getMessage();
        String sentence = message.endsWith("?") || message.endsWith(".") ? message : message + ".";
        if (refusal instanceof InvalidInputException input) {
            return messages.getMessage(input.key, null, sentence, locale);
        }
        return sentence;
    }
}
