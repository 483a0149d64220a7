package org.tijori.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * NIST-style password rules: 8 to 128 characters, no composition rules, not one of the 50,000 most
 * common passwords, and not the username.
 */
@Component
public class PasswordPolicy {

    public static final int MIN_LENGTH = 8;

    public static final int MAX_LENGTH = 128;

    static final String COMMON_PASSWORDS = "/account/common-passwords.txt";

    private final Set<String> common;

    PasswordPolicy() {
        this.common = load();
    }

    /**
     * What is wrong with a password, if anything, in words for the person choosing it.
     *
     * @param field the form field the password was typed in, for the problem to name
     */
    public Optional<AccountProblemException> problemWith(String password, String username, String field) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of(new AccountProblemException(field, "refusal.password.short", new Object[] { MIN_LENGTH },
                    "A password needs at least " + MIN_LENGTH + " characters."));
        }
        if (password.codePointCount(0, password.length()) > MAX_LENGTH) {
            return Optional.of(new AccountProblemException(field, "refusal.password.long", new Object[] { MAX_LENGTH },
                    "A password can have at most " + MAX_LENGTH + " characters."));
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            return Optional.of(new AccountProblemException(field, "refusal.password.common", new Object[0],
                    "This password is one of the most common ones. Choose one that is harder to guess."));
        }
        if (username != null && lower.equals(username.toLowerCase(Locale.ROOT))) {
            return Optional.of(new AccountProblemException(field, "refusal.password.username", new Object[0],
                    "The password cannot be the username."));
        }
        return Optional.empty();
    }

    int size() {
        return common.size();
    }

    private static Set<String> load() {
        var passwords = new HashSet<String>(70_000);
        try (var in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
            if (in == null) {
                throw new IllegalStateException(COMMON_PASSWORDS + " is missing from the application");
            }
            var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    passwords.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(passwords);
    }
}
