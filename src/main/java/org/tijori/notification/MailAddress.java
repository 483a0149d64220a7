package org.tijori.notification;

import java.util.Locale;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * One plain e-mail address, {@code local@domain.tld}: no display name, no comments, no group, no quoted
 * local part, no domain literal, printable ASCII only, at most 254 characters. The domain is lowercased;
 * the local part is kept as given. An address that passes can be put in a mail header as it is: it holds no
 * line break, so it cannot add a header of its own.
 *
 * @param value the address, e.g. {@code asha@example.org}
 */
public record MailAddress(String value) {

    /** The longest address SMTP carries (RFC 5321's 256-character path less its angle brackets). */
    public static final int MAX_LENGTH = 254;

    private static final int MAX_LOCAL_PART = 64;

    public MailAddress {
        if (value == null) {
            throw new IllegalArgumentException("An e-mail address is required");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("An e-mail address must not contain a line break");
        }
        value = value.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("An e-mail address is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "An e-mail address must be at most " + MAX_LENGTH + " characters long");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException(
                        "An e-mail address must be one plain address such as name@example.org, without spaces, "
                                + "control characters or letters outside ASCII");
            }
        }
        if (value.indexOf('<') >= 0 || value.indexOf('>') >= 0 || value.indexOf('"') >= 0
                || value.indexOf('(') >= 0 || value.indexOf(',') >= 0 || value.indexOf(';') >= 0
                || value.indexOf(':') >= 0 || value.indexOf('[') >= 0) {
            throw new IllegalArgumentException(
                    "An e-mail address must be one plain address such as name@example.org, without a name, "
                            + "quotes, brackets or a list");
        }
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@') || at == value.length() - 1) {
            throw new IllegalArgumentException("An e-mail address must have the form name@example.org");
        }
        if (at > MAX_LOCAL_PART) {
            throw new IllegalArgumentException(
                    "The part of an e-mail address before the @ must be at most " + MAX_LOCAL_PART + " characters");
        }
        String domain = value.substring(at + 1).toLowerCase(Locale.ROOT);
        if (domain.indexOf('.') < 0 || domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")
                || domain.startsWith("-")) {
            throw new IllegalArgumentException(
                    "The domain of an e-mail address must be a name with a dot, such as example.org");
        }
        value = value.substring(0, at + 1) + domain;
        InternetAddress parsed;
        try {
            parsed = new InternetAddress(value, true);
        }
        catch (AddressException e) {
            throw new IllegalArgumentException("Not a valid e-mail address: " + e.getMessage(), e);
        }
        if (parsed.getPersonal() != null || parsed.isGroup() || !value.equals(parsed.getAddress())) {
            throw new IllegalArgumentException("An e-mail address must be one plain address such as name@example.org");
        }
    }

    /** The domain, after the {@code @}, in lowercase. */
    public String domain() {
        return value.substring(value.indexOf('@') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
