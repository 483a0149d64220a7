package org.tijori;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The application as it runs behind a load balancer: the test client's own address (IPv4 or IPv6 loopback)
 * is the trusted proxy, so a test presents any client address it likes in {@code X-Forwarded-For}, and
 * {@code X-Forwarded-Proto: https} as the balancer would after ending TLS. Shared by the test classes that
 * need it, so that they run in one application.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.web.trusted-proxies=127.0.0.1, ::1", "tijori.account.otp-sends-per-address=500",
        "tijori.admin.username=" + BehindATrustedProxy.ADMIN, "tijori.admin.password=" + BehindATrustedProxy.PASSWORD })
public @interface BehindATrustedProxy {

    String ADMIN = "proxied-admin";

    String PASSWORD = "a long and unusual phrase";
}
