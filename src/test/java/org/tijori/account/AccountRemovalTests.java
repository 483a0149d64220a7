package org.tijori.account;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tijori.audit.AuditTrail;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A deleted account's data goes when its removal is due, and the trail records both steps.
 */
@SpringBootTest
class AccountRemovalTests {

    static final String PASSWORD = "a long and unusual phrase";

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail trail;

    @Test
    void removesAnAccountWhenItsDeletionIsDueAndNotBefore() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ResidentAccount account = accounts.signUp(new MobileNumber("93" + String.format("%08d",
                Math.abs(suffix.hashCode()) % 100_000_000)), "leaving-" + suffix, PASSWORD);

        assertThatThrownBy(() -> accounts.scheduleDeletion(account.id(), "not the password", "192.0.2.1"))
                .isInstanceOf(AccountProblemException.class);
        accounts.scheduleDeletion(account.id(), PASSWORD, "192.0.2.1");
        accounts.removeDueAccounts();
        assertThat(accounts.find(account.id())).as("kept until due").isPresent();

        jdbc.sql("update account_resident set deletion_due_at = now() - interval '1 minute' where id = ?")
                .param(account.id().value()).update();
        accounts.removeDueAccounts();

        assertThat(accounts.find(account.id())).isEmpty();
        await().untilAsserted(() -> assertThat(trail.about(account.id().toString(), 20))
                .extracting(entry -> entry.action())
                .contains("account.AccountDeletionScheduled", "account.AccountDeleted"));
    }
}
