package org.tijori.account;

import java.util.concurrent.Semaphore;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password encoder that lets only so many hashes run at once, the others waiting their turn. Each Argon2id hash
 * takes 19 MiB of memory and a core for tens of milliseconds: unbounded, a crowd of sign-ins from many addresses
 * (each within its own budget) would hold 19 MiB per request thread, hundreds of MiB, and the hashes would evict
 * each other's memory from the cores' caches, so that more at once finish fewer a second. Bounded to the cores, the
 * memory is fixed and the rate is the best the machine gives ({@code PasswordHashBenchmark}). Every use of the
 * encoder goes through the bound: sign-in, the unknown username's equal work, sign-up and password changes.
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder encoder;

    private final Semaphore turns;

    /** @param atOnce how many hashes may run at once, at least 1 */
    BoundedPasswordEncoder(PasswordEncoder encoder, int atOnce) {
        if (atOnce < 1) {
            throw new IllegalArgumentException("at least one hash must be allowed at once, not " + atOnce);
        }
        this.encoder = encoder;
        this.turns = new Semaphore(atOnce, true);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        turns.acquireUninterruptibly();
        try {
            return encoder.encode(rawPassword);
        }
        finally {
            turns.release();
        }
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        turns.acquireUninterruptibly();
        try {
            return encoder.matches(rawPassword, encodedPassword);
        }
        finally {
            turns.release();
        }
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return encoder.upgradeEncoding(encodedPassword);
    }
}
