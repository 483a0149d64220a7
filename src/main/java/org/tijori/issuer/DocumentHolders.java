package org.tijori.issuer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.tijori.account.AccountId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/**
 * Who holds issued documents, for the modules that tell residents what happened to theirs: the newest version of a
 * URI with its holder, and the valid documents whose validity ends within a window, in every locker, a page at a
 * time.
 */
@NamedInterface("documents")
@Service
public class DocumentHolders {

    private final JdbcClient jdbc;

    DocumentHolders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest version of a document, whatever its status, and who holds it (none while it is parked). */
    public Optional<Holding> newest(DocumentUri uri) {
        return jdbc.sql("""
                select d.account_id, d.version, d.doc_name, d.status, d.status_changed_at, d.valid_to
                from issuer_document d where d.uri = ? order by d.version desc limit 1""")
                .param(uri.toString())
                .query((rs, row) -> {
                    UUID account = rs.getObject("account_id", UUID.class);
                    return new Holding(account == null ? null : new AccountId(account), uri, rs.getInt("version"),
                            rs.getString("doc_name"), DocumentStatus.valueOf(rs.getString("status")),
                            rs.getObject("status_changed_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("valid_to", LocalDate.class));
                }).optional();
    }

    /**
     * Valid documents in residents' lockers whose validity ends between {@code from} and {@code until}, ordered by
     * that day and URI, after the one {@code after} names (null to start): a page of at most {@code limit}.
     */
    public List<Ending> endingBetween(LocalDate from, LocalDate until, Ending after, int limit) {
        LocalDate afterDay = after == null ? from.minusDays(1) : after.validTo();
        String afterUri = after == null ? "" : after.uri().toString();
        return jdbc.sql("""
                select d.account_id, d.uri, d.version, d.doc_name, d.valid_to from issuer_document d
                where d.status = 'ACTIVE' and d.account_id is not null and d.valid_to is not null
                  and d.valid_to between ? and ? and (d.valid_to, d.uri) > (?, ?)
                order by d.valid_to, d.uri limit ?""")
                .params(from, until, afterDay, afterUri, Math.max(1, Math.min(1000, limit)))
                .query((rs, row) -> new Ending(new AccountId(rs.getObject("account_id", UUID.class)),
                        DocumentUri.parse(rs.getString("uri")), rs.getInt("version"), rs.getString("doc_name"),
                        rs.getObject("valid_to", LocalDate.class)))
                .list();
    }

    /**
     * The newest version of a document.
     *
     * @param account its holder, or null while it waits for its national ID to be linked
     * @param statusChangedAt when its status last changed (when it was published, if never since)
     */
    public record Holding(AccountId account, DocumentUri uri, int version, String docName, DocumentStatus status,
            Instant statusChangedAt, LocalDate validTo) {
    }

    /** A valid document whose validity ends on {@code validTo}, in {@code account}'s locker. */
    public record Ending(AccountId account, DocumentUri uri, int version, String docName, LocalDate validTo) {
    }
}
