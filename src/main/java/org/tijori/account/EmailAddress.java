package org.tijori.account;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A resident's e-mail address: one plain {@code name@example.org}, at most 254 characters, the part before the
 * {@code @} at most 64 of letters, digits and {@code .!#$%&'*+/=?^_`{|}~-} (no dot first, last or twice in a
 * row), the domain two or more labels of letters, digits and hyphens, kept in lowercase. Narrower than what
 * mail servers take, so that every address kept here can be put in a mail header as it is. Shows only its
 * first letter and its domain in {@code toString()}, so that logs do not collect addresses.
 *
 * @param value the address
 */
public record EmailAddress(String value) {

    public static final int MAX_LENGTH = 254;

    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private static final Pattern DOMAIN = Pattern.compile(
            "([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    public EmailAddress {
        if (value == null || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not an e-mail address");
        }
        int at = value.indexOf('@');
        if (at < 1 || at > 64 || at != value.lastIndexOf('@') || !LOCAL.matcher(value.substring(0, at)).matches()
                || !DOMAIN.matcher(value.substring(at + 1)).matches()) {
            throw new IllegalArgumentException("not an e-mail address");
        }
    }

    /**
     * Reads an address as a person typed it: spaces around it are dropped and the domain is lowercased.
     *
     * @throws IllegalArgumentException when it is not an address of the form {@code name@example.org}
     */
    public static EmailAddress parse(String typed) {
        if (typed == null) {
            throw new IllegalArgumentException("not an e-mail address");
        }
        String address = typed.strip();
        int at = address.lastIndexOf('@');
        if (at > 0) {
            address = address.substring(0, at + 1) + address.substring(at + 1).toLowerCase(Locale.ROOT);
        }
        return new EmailAddress(address);
    }

    /** The address as shown where a glance is enough: {@code a***@example.org}. */
    public String masked() {
        return value.charAt(0) + "***" + value.substring(value.indexOf('@'));
    }

    @Override
    public String toString() {
        return masked();
    }
}
