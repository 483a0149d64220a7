package org.tijori.issuer;

import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * A request about an issuer that cannot be granted as asked, with what was wrong in words for the
 * person or system that sent it. A problem with a {@link #code()} has its words for pages in the messages
 * ({@code issuer.problem.<code>}); its message is the same in English, for the API and the log.
 */
public class IssuerProblemException extends RuntimeException {

    private final Kind kind;

    private final String code;

    private final Object[] arguments;

    public IssuerProblemException(Kind kind, String message) {
        this(kind, null, new Object[0], message);
    }

    /**
     * A problem whose words a page takes from its messages by the code, with these arguments in the message's
     * placeholders; the message is the same sentence in English, for the API and the log.
     */
    public IssuerProblemException(Kind kind, String code, Object[] arguments, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.arguments = arguments.clone();
    }

    public Kind kind() {
        return kind;
    }

    /**
     * A stable name of the problem, such as {@code contactEmail.format}, for a page to choose its words in the
     * reader's language and for a program to tell problems apart; null when the kind says enough.
     */
    public String code() {
        return code;
    }

    /** The values for the placeholders of the code's message; empty when it has none. */
    public Object[] arguments() {
        return arguments.clone();
    }

    /**
     * The problem in the reader's words: the message {@code issuer.problem.<code>} with the problem's arguments,
     * or the English message where the messages have no words for it.
     */
    public String words(MessageSource messages, Locale locale) {
        return code == null ? getMessage()
                : messages.getMessage("issuer.problem." + code, arguments, getMessage(), locale);
    }

    /** What kind of problem, which decides the answer's status. */
    public enum Kind {
        /** The request itself is wrong. */
        INVALID,
        /** No such issuer. */
        NOT_FOUND,
        /** The issuer's state does not allow it, or the ID is taken. */
        CONFLICT
    }
}
