package org.tijori.gateway.partner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.tijori.account.MonthlyRegistrations;
import org.tijori.account.ResidentAccounts;
import org.tijori.gateway.GatewayProperties;
import org.tijori.issuer.pull.IssuerCatalogue;
import org.tijori.issuer.pull.IssuerCatalogue.YearCount;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * DigiLocker's statistics (ADR 23, #22): how many lockers, documents, issuers and requesters there are, with the
 * lockers' running total over the last twelve months and the documents' over the years. Counting scans whole
 * tables, so each node keeps what it counted for {@code tijori.gateway.statistics-cache} and answers from memory
 * meanwhile.
 */
@Service
public class PartnerStatistics {

    /** How many months of registrations the answer lists, this one included. */
    static final int MONTHS = 12;

    private static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    private final ResidentAccounts accounts;

    private final IssuerCatalogue catalogue;

    private final JdbcClient jdbc;

    private final Duration kept;

    private final Clock clock;

    private final AtomicReference<Statistics> counted = new AtomicReference<>();

    PartnerStatistics(ResidentAccounts accounts, IssuerCatalogue catalogue, JdbcClient jdbc,
            GatewayProperties properties, Clock clock) {
        this.accounts = accounts;
        this.catalogue = catalogue;
        this.jdbc = jdbc;
        this.kept = properties.statisticsCache();
        this.clock = clock;
    }

    /** The counts, as counted at most {@code statistics-cache} ago. */
    public Statistics counts() {
        Statistics last = counted.get();
        Instant now = clock.instant();
        if (last != null && last.countedAt().plus(kept).isAfter(now)) {
            return last;
        }
        List<MonthlyRegistrations> months = accounts.registrationsByMonth(MONTHS);
        IssuerCatalogue.Counts repository = catalogue.counts();
        long requesters = jdbc.sql("select count(*) from gateway_requester where status = 'APPROVED'")
                .query(Long.class).single();
        Statistics fresh = new Statistics(months.get(months.size() - 1).lockers(), repository.documents(), repository.issuers(),
                requesters, LocalDate.ofInstant(now, INDIA), months, repository.documentsByYear(), now);
        counted.set(fresh);
        return fresh;
    }

    /**
     * @param lockers open lockers
     * @param documents documents the repository holds live
     * @param issuers approved issuers
     * @param requesters approved requesters
     * @param asOn the day (in India) it was counted
     * @param lockersByMonth the lockers' running total at the end of each of the last twelve months, oldest first
     * @param documentsByYear the documents' running total at the end of each year, oldest first
     * @param countedAt when it was counted
     */
    public record Statistics(long lockers, long documents, long issuers, long requesters, LocalDate asOn,
            List<MonthlyRegistrations> lockersByMonth, List<YearCount> documentsByYear, Instant countedAt) {

        public Statistics {
            lockersByMonth = List.copyOf(lockersByMonth);
            documentsByYear = List.copyOf(documentsByYear);
        }
    }
}
