package org.tijori.verify;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The one application the verification tests over HTTP share, with proof keys that start signing three seconds
 * after a rotation and are read again every second, so that a rotation can be watched within a test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + VerifyTestContext.TOKEN, "tijori.issuer.registrations-per-address=1000",
        "tijori.verify.key-activation-delay=3s", "tijori.verify.key-refresh=1s" })
@interface VerifyTestContext {

    String TOKEN = "verify-tests-bootstrap-token-0123456789";
}
