package org.tijori.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The one application the tests of the partner operations share ({@link PartnerPullTests}, {@link StatisticsTests},
 * {@link PartnerKycTests}): the test client is a trusted proxy, so each test sends from addresses of its own in
 * {@code X-Forwarded-For} and no test spends another's failures per address, of which there are few
 * ({@value #FAILURES_PER_ADDRESS} an hour) so that spending them is quick; issuers' Pull URI endpoints run on
 * 127.0.0.2, the one network this application may call over plain HTTP, and answer within a second; a resident
 * may search issuers {@value #PULLS_PER_RESIDENT} times an hour.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.web.trusted-proxies=127.0.0.1, ::1", "tijori.admin.bootstrap-token=" + PartnerTestContext.TOKEN,
        "tijori.gateway.failures-per-address=" + PartnerTestContext.FAILURES_PER_ADDRESS,
        "tijori.issuer.registrations-per-address=1000", "tijori.issuer.pull-timeout=1s",
        "tijori.issuer.pulls-per-resident=" + PartnerTestContext.PULLS_PER_RESIDENT,
        "tijori.issuer.pull-allow-http=true", "tijori.issuer.pull-allowed-networks=127.0.0.2/32" })
@interface PartnerTestContext {

    String TOKEN = "partner-tests-bootstrap-token-0123456789";

    int FAILURES_PER_ADDRESS = 5;

    int PULLS_PER_RESIDENT = 8;
}
