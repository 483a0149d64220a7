package org.tijori.account;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
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
    void writesAnAttributeAtOnce() {
        String id = storedSession();
        var session = sessions.findById(id);
        session.setLastAccessedTime(start.plusSeconds(1));
        session.setAttribute("locale", "hi");

        sessions.save(session);

        assertThat(sessions.findById(id).<String>getAttribute("locale")).isEqualTo("hi");
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

    /** Runs the step as one request does: inside the span in which a session is read only once. */
    void inOneRequest(Runnable step) throws Exception {
        new SparseSessionRepository.RequestScope().doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
                (request, response) -> step.run());
    }

    @Test
    void readsASessionOnceARequest() throws Exception {
        String id = storedSession();

        inOneRequest(() -> {
            var first = sessions.findById(id);
            // Ended elsewhere after this request read it: the request goes on with the copy it has.
            jdbc.sql("delete from SPRING_SESSION where SESSION_ID = ?").param(id).update();
            assertThat(sessions.findById(id)).isSameAs(first);
        });
        // The next request reads the store again and finds the session gone.
        inOneRequest(() -> assertThat(sessions.findById(id)).isNull());
        assertThat(sessions.findById(id)).isNull();
    }

    @Test
    void aRequestDoesNotKeepAnIdItRenamedOrDeleted() throws Exception {
        String renamed = storedSession();
        String deleted = storedSession();

        inOneRequest(() -> {
            var session = sessions.findById(renamed);
            String changed = session.changeSessionId();
            sessions.save(session);
            assertThat(sessions.findById(renamed)).isNull();
            assertThat(sessions.findById(changed)).isSameAs(session);

            assertThat(sessions.findById(deleted)).isNotNull();
            sessions.deleteById(deleted);
            assertThat(sessions.findById(deleted)).isNull();
        });
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
