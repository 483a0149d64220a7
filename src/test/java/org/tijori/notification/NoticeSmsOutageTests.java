package org.tijori.notification;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tijori.SmsOutbox;
import org.tijori.SmsWebhookReceiver;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.events.DocumentDelivered;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SMS gateway down while notices wait for their text message: nothing is lost, each message goes once the gateway
 * is back, and a gateway that never comes back leaves the notices marked failed after the tries allowed, still listed.
 * Each try of the digest job is one request to the gateway here ({@code attempts=1}), so that the gateway's refusals
 * can be counted out exactly.
 */
@SpringBootTest(properties = { "tijori.sms.provider=webhook", "tijori.sms.webhook.attempts=1",
        "tijori.notification.sms-gathering=0s", "tijori.notification.sms-interval=100ms",
        "tijori.notification.sms-retry-after=300ms", "tijori.notification.sms-tries=3" })
class NoticeSmsOutageTests {

    static final SmsWebhookReceiver gateway = SmsWebhookReceiver.start();

    static final AtomicInteger counter = new AtomicInteger();

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("tijori.sms.webhook.url", () -> gateway.url().toString());
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    ResidentNotices notices;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aMessageTheGatewayDidNotTakeGoesOnceItIsBackAndOneItNeverTakesIsMarkedFailed() throws Exception {
        // The gateway refuses the first try; the second, after the back-off, goes through.
        ResidentAccount comesBack = newResident();
        gateway.failNext(1, 503);
        deliver(comesBack, "in.gov.back-HSCER-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> received(comesBack).size() == 1);
        assertThat(received(comesBack).get(0).text()).contains("Driving Licence");
        assertThat(state(comesBack)).isEqualTo("SENT");
        assertThat(tries(comesBack)).isEqualTo(1);
        assertThat(requestsFailed()).isEqualTo(1);

        // A gateway that never takes it: three tries, then the notice is marked failed and no more requests go.
        ResidentAccount neverBack = newResident();
        gateway.failNext(1_000, 503);
        deliver(neverBack, "in.gov.never-HSCER-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(state(neverBack)));
        Thread.sleep(1_500);
        assertThat(tries(neverBack)).isEqualTo(3);
        assertThat(requestsFailed()).as("the first resident's one refusal and three tries").isEqualTo(1 + 3);
        assertThat(received(neverBack)).isEmpty();
        assertThat(notices.count(neverBack.id())).as("still listed on the dashboard").isEqualTo(1);
        gateway.failNext(0, 503);
        assertThat(received(comesBack)).as("sent once, never again").hasSize(1);
    }

    private ResidentAccount newResident() {
        int n = counter.incrementAndGet();
        return accounts.signUp(new MobileNumber(String.valueOf(6_400_000_000L + (System.nanoTime() % 1_000_000) * 100
                + n)), "outage" + n + "x" + (System.nanoTime() % 100_000), "a long and unusual phrase");
    }

    private void deliver(ResidentAccount resident, String uri) {
        transactions.executeWithoutResult(tx -> events.publishEvent(new DocumentDelivered(resident.id(), uri, 1,
                "in.gov.outage", "Driving Licence")));
    }

    private List<SmsOutbox.Sms> received(ResidentAccount resident) {
        return gateway.received().stream().filter(sms -> sms.to().equals(resident.mobile().value())).toList();
    }

    private long requestsFailed() {
        return gateway.requests().stream().filter(request -> request.status() == 503).count();
    }

    private String state(ResidentAccount resident) {
        return jdbc.sql("select sms_state from notification_notice where account_id = ?").param(resident.id().value())
                .query(String.class).optional().orElse(null);
    }

    private int tries(ResidentAccount resident) {
        return jdbc.sql("select sms_tries from notification_notice where account_id = ?").param(resident.id().value())
                .query(Integer.class).single();
    }
}
