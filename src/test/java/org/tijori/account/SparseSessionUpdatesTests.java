package org.tijori.account;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
class SparseSessionUpdatesTests {

    FindByIndexNameSessionRepository<Session> sessions;

    JdbcClient jdbc;

    @Autowired
    @SuppressWarnings({ "unchecked", "rawtypes" })
    SparseSessionUpdatesTests(FindByIndexNameSessionRepository<? extends Session> sessions, JdbcClient jdbc) {
        // The store's own session class is not public: handle its sessions as plain Sessions.
        this.sessions = (FindByIndexNameSessionRepository) sessions;
        this.jdbc = jdbc;
    }

    final Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    String storedSession() {
        var session = sessions.createSession();
        session.setLastAccessedTime(start);
        sessions.save(session);
        return session.getId();
    }

    long storedLastAccess(String id) {
        return jdbc.sql("select LAST_ACCESS_TIME from SPRING_SESSION where SESSION_ID = ?").param(id)
                .query(Long.class).single();
    }

    void accessAt(String id, Instant when) {
        var session = sessions.findById(id);
        session.setLastAccessedTime(when);
        sessions.save(session);
    }

    @Test
    void writesNothingWhenOnlyTheLastAccessMovedByLessThanAMinute() {
        String id = storedSession();

        accessAt(id, start.plusSeconds(59));

        assertThat(storedLastAccess(id)).isEqualTo(start.toEpochMilli());
    }

    @Test
    void writesTheLastAccessOnceAMinuteHasPassed() {
        String id = storedSession();
        accessAt(id, start.plusSeconds(30));

        accessAt(id, start.plusSeconds(60));

        assertThat(storedLastAccess(id)).isEqualTo(start.plusSeconds(60).toEpochMilli());
        assertThat(jdbc.sql("select EXPIRY_TIME from SPRING_SESSION where SESSION_ID = ?").param(id)
                .query(Long.class).single())
                .isEqualTo(start.plusSeconds(60).plus(sessions.findById(id).getMaxInactiveInterval()).toEpochMilli());
    }

    @Test
    void writesAChangedSessionIdAtOnce() {
        String id = storedSession();
        var session = sessions.findById(id);
        session.setLastAccessedTime(start.plusSeconds(1));
        String changed = session.changeSessionId();

        sessions.save(session);

        assertThat(sessions.findById(id)).isNull();
        assertThat(sessions.findById(changed)).isNotNull();
    }

    @Test
    void writesASignedInPrincipalAtOnce() {
        String id = storedSession();
        var session = sessions.findById(id);
        session.setLastAccessedTime(start.plusSeconds(1));
        session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "sparse-" + id);

        sessions.save(session);

        assertThat(sessions.findByPrincipalName("sparse-" + id)).containsKey(id);
    }
}
