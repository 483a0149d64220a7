package org.tijori.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The one application the requester and partner API tests share ({@link RequesterRegistrationTests},
 * {@link RequesterPortalTests}, {@link PartnerFilesTests}, {@link ConsentScopeTests}):
 * the test client's address is a trusted proxy, so each test sends from addresses of its own in
 * {@code X-Forwarded-For} and the limits per address of one test do not reach another's.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.web.trusted-proxies=127.0.0.1, ::1", "tijori.admin.bootstrap-token=" + RequesterTestContext.TOKEN,
        "tijori.admin.username=" + RequesterTestContext.ADMIN, "tijori.admin.password=" + RequesterTestContext.PASSWORD,
        // Tests write the access log's window themselves (AccessLog.flush), never in the middle of what they count.
        "tijori.gateway.access-window=1h" })
@interface RequesterTestContext {

    String TOKEN = "requester-tests-bootstrap-token-0123456789";

    String ADMIN = "requester-admin";

    String PASSWORD = "a long and unusual phrase";
}
