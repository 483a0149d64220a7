package org.tijori.issuer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The one application the issuer tests share ({@link IssuerPushTests}, {@link IssuerPortalTests}): kept in
 * one place so that a setting added for one class cannot quietly start a second application.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.admin.bootstrap-token=" + IssuerPushTests.TOKEN, "tijori.issuer.registrations-per-address=1000",
        "tijori.issuer.max-push-size=256KB", "tijori.issuer.portal-sign-in-failures-per-address=1000",
        "tijori.admin.username=" + IssuerPortalTests.ADMIN, "tijori.admin.password=" + IssuerPortalTests.PASSWORD })
@interface IssuerTestContext {
}
