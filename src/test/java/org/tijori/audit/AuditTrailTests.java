package org.tijori.audit;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tijori.account.events.AdministratorCreated;
import org.tijori.account.events.SignInFailed;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest
class AuditTrailTests {

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditChainer chainer;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    PlatformTransactionManager transactionManager;

    @BeforeEach
    void emptyTrail() throws Exception {
        chainer.drain();
        asSuperuser("truncate audit_entry, audit_inbox",
                "update audit_head set seq = 0, hash = decode(repeat('00', 32), 'hex')");
    }

    @AfterEach
    void clearContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void recordsModuleEventsWithWhoWhatWhenAndWhere() {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "asha", null, List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));

        // As the web layer's filter does for the length of a request.
        try (var request = new RequestOrigin("203.0.113.7", "Mozilla/5.0 (test)").enter()) {
            events.publishEvent(new AdministratorCreated("ravi", "console"));
        }
        chainer.drain();

        List<AuditEntry> activity = trail.activityOf("asha", 10);
        assertThat(activity).hasSize(1);
        AuditEntry entry = activity.get(0);
        assertThat(entry.sequence()).isEqualTo(1);
        assertThat(entry.actor()).isEqualTo(new Actor("ADMIN", "asha"));
        assertThat(entry.action()).isEqualTo("account.AdministratorCreated");
        assertThat(entry.subject()).isEqualTo("ravi");
        assertThat(entry.ip()).isEqualTo("203.0.113.7");
        assertThat(entry.userAgent()).isEqualTo("Mozilla/5.0 (test)");
        assertThat(entry.details()).isEqualTo("{\"origin\":\"console\"}");
        assertThat(entry.occurredAt()).isNotNull();
        assertThat(trail.about("ravi", 10)).containsExactly(entry);
    }

    @Test
    void anonymousRequestsAndBackgroundWorkAreTold() {
        try (var request = new RequestOrigin("127.0.0.1", null).enter()) {
            events.publishEvent(new SignInFailed("mallory", "password"));
        }
        events.publishEvent(new AdministratorCreated("ravi", "bootstrap"));
        chainer.drain();

        assertThat(trail.about("mallory", 1)).singleElement()
                .satisfies(entry -> assertThat(entry.actor()).isEqualTo(Actor.ANONYMOUS));
        assertThat(trail.about("ravi", 1)).singleElement()
                .satisfies(entry -> assertThat(entry.actor()).isEqualTo(Actor.SYSTEM));
    }

    @Test
    void ignoresEventsThatAreNotModuleEvents() {
        events.publishEvent("a plain string event");
        events.publishEvent(new Object());
        chainer.drain();

        assertThat(trail.verify().entriesChecked()).isZero();
    }

    @Test
    void entryCommitsOnlyWithTheActionItDescribes() {
        transactions.executeWithoutResult(status -> {
            events.publishEvent(new AdministratorCreated("rolled-back", "test"));
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> events.publishEvent(new AdministratorCreated("kept", "test")));
        chainer.drain();

        assertThat(trail.about("rolled-back", 10)).isEmpty();
        assertThat(trail.about("kept", 10)).hasSize(1);
    }

    @Test
    void entriesOfATransactionAreWrittenInTheirOrderAndANestedTransactionKeepsItsOwn() {
        TransactionTemplate nested = new TransactionTemplate(transactionManager);
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        transactions.executeWithoutResult(status -> {
            events.publishEvent(new AdministratorCreated("outer-first", "test"));
            nested.executeWithoutResult(inner -> events.publishEvent(new AdministratorCreated("nested", "test")));
            events.publishEvent(new AdministratorCreated("outer-second", "test"));
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> List.of("a", "b", "c")
                .forEach(name -> events.publishEvent(new AdministratorCreated(name, "test"))));
        chainer.drain();

        assertThat(trail.about("nested", 10)).hasSize(1);
        assertThat(trail.about("outer-first", 10)).isEmpty();
        assertThat(trail.about("outer-second", 10)).isEmpty();
        long a = trail.about("a", 1).get(0).sequence();
        assertThat(trail.about("b", 1).get(0).sequence()).isEqualTo(a + 1);
        assertThat(trail.about("c", 1).get(0).sequence()).isEqualTo(a + 2);
    }

    @Test
    void aTransactionMayRecordMoreEntriesThanOneStatementHasParametersFor() {
        // 9,000 entries of eight parameters each: 72,000, past PostgreSQL's 65,535 a statement.
        int count = 9_000;
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < count; i++) {
                events.publishEvent(new AdministratorCreated("many", "test"));
            }
        });
        chainer.drain();

        assertThat(jdbc.sql("select count(*) from audit_entry where subject = 'many'").query(Long.class).single())
                .isEqualTo(count);
    }

    @Test
    void chainOfManyConcurrentEntriesVerifiesIntact() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Callable<Void>> writers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            writers.add(() -> {
                for (int i = 0; i < 50; i++) {
                    trail.record("test.Appended", "thread-" + thread, Map.of("i", String.valueOf(i)));
                    if (i % 10 == 0) {
                        chainer.drain();
                    }
                }
                return null;
            });
        }
        for (Future<Void> done : pool.invokeAll(writers)) {
            done.get();
        }
        pool.shutdown();
        chainer.drain();

        AuditVerification verification = trail.verify();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.entriesChecked()).isEqualTo(800);
        assertThat(jdbc.sql("select count(distinct seq), min(seq), max(seq) from audit_entry")
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single())
                .containsExactly(800L, 1L, 800L);
    }

    @Test
    void refusesToChangeOrRemoveEntries() {
        recordEntries(3);

        assertThatThrownBy(() -> jdbc.sql("update audit_entry set subject = 'x' where seq = 2").update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_entry where seq = 2").update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThat(trail.verify().intact()).isTrue();
    }

    @Test
    void findsAnEntryAlteredBehindItsBack() throws Exception {
        recordEntries(10);
        assertThat(trail.verify()).isEqualTo(AuditVerification.intact(10));

        asSuperuser("update audit_entry set subject = 'someone-else' where seq = 6");

        AuditVerification verification = trail.verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenEntry()).isEqualTo(6);
        assertThat(verification.problem()).contains("altered");
    }

    @Test
    void findsAnAlteredTimestamp() throws Exception {
        recordEntries(5);

        asSuperuser("update audit_entry set occurred_at = occurred_at - interval '1 day' where seq = 3");

        assertThat(trail.verify().firstBrokenEntry()).isEqualTo(3);
    }

    @Test
    void findsAnEntryRemovedFromTheMiddle() throws Exception {
        recordEntries(10);

        asSuperuser("delete from audit_entry where seq = 4");

        AuditVerification verification = trail.verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenEntry()).isEqualTo(4);
        assertThat(verification.problem()).contains("removed");
    }

    @Test
    void findsEntriesRemovedFromTheEnd() throws Exception {
        recordEntries(10);

        asSuperuser("delete from audit_entry where seq > 8");

        AuditVerification verification = trail.verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenEntry()).isEqualTo(9);
        assertThat(verification.problem()).contains("removed");
    }

    @Test
    void findsReorderedEntries() throws Exception {
        recordEntries(10);

        asSuperuser("update audit_entry set seq = -1 where seq = 5",
                "update audit_entry set seq = 5 where seq = 6",
                "update audit_entry set seq = 6 where seq = -1");

        AuditVerification verification = trail.verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenEntry()).isEqualTo(5);
    }

    @Test
    void findsARecomputedHashThatNoLongerLinks() throws Exception {
        recordEntries(5);

        // An attacker who rewrites an entry and its own hash still breaks the link to the next entry.
        asSuperuser("update audit_entry set subject = 'forged', hash = sha256(convert_to('forged', 'UTF8')) where seq = 2");

        assertThat(trail.verify().firstBrokenEntry()).isEqualTo(2);
    }

    private void recordEntries(int count) {
        for (int i = 1; i <= count; i++) {
            trail.record("test.Recorded", "subject-" + i, Map.of("n", String.valueOf(i)));
        }
        chainer.drain();
    }

    /**
     * Runs SQL as a database owner would, with the append-only triggers switched off, while the
     * background chainer is held off.
     */
    private void asSuperuser(String... statements) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_lock(" + AuditLog.CHAIN_LOCK + ")");
            statement.execute("set session_replication_role = replica");
            try {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
            finally {
                statement.execute("set session_replication_role = origin");
                statement.execute("select pg_advisory_unlock(" + AuditLog.CHAIN_LOCK + ")");
            }
        }
    }
}
