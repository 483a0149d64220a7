package org.tijori.account;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedPasswordEncoderTests {

    @Test
    void noMoreHashesRunAtOnceThanAllowedHoweverManyAsk() throws Exception {
        var running = new AtomicInteger();
        var most = new AtomicInteger();
        var started = new CountDownLatch(2);
        var release = new CountDownLatch(1);
        PasswordEncoder slow = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                enter();
                return "hash";
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                enter();
                return true;
            }

            private void enter() {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
            }
        };
        var bounded = new BoundedPasswordEncoder(slow, 2);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int call = i;
                calls.add(pool.submit(() -> call % 2 == 0 ? bounded.matches("pw", "hash") : bounded.encode("pw")));
            }
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            assertThat(running.get()).as("the other six wait their turn").isEqualTo(2);
            release.countDown();
            for (Future<?> call : calls) {
                call.get(10, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void answersAsTheEncoderItBoundsDoes() {
        var bounded = new BoundedPasswordEncoder(new Argon2PasswordEncoder(16, 32, 1, 1024, 1), 1);
        String hash = bounded.encode("a long and unusual phrase");
        assertThat(bounded.matches("a long and unusual phrase", hash)).isTrue();
        assertThat(bounded.matches("another phrase", hash)).isFalse();
    }

    @Test
    void refusesABoundThatWouldLetNothingRun() {
        assertThatThrownBy(() -> new BoundedPasswordEncoder(new Argon2PasswordEncoder(16, 32, 1, 1024, 1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
