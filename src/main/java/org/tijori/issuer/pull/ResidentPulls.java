package org.tijori.issuer.pull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.tijori.account.AccountId;
import org.tijori.account.RateLimitedException;
import org.tijori.account.RateLimits;
import org.tijori.account.RateLimits.RateLimit;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProperties;
import org.tijori.issuer.portal.IssuerDirectory;
import org.tijori.issuer.pull.PullOutcome.Failed;
import org.tijori.issuer.pull.PullOutcome.Reason;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/**
 * A search of an issuer's repository for a resident's document that another module makes on the resident's behalf
 * and waits for (ADR 23, {@code issuer :: pulls}): an app the resident allowed to pull documents asks in one request
 * and reads the outcome in its answer. The search is the one residents start from their pages ({@link IssuerPulls}:
 * the same signed request, deadline, retry, circuit breaker and intake into the resident's locker), counted against
 * the same hourly budget of searches per resident; before it calls the issuer it tells apart what the caller got
 * wrong, so that each answers in its own words.
 */
@NamedInterface("pulls")
@Service
public class ResidentPulls {

    private final IssuerPulls pulls;

    private final IssuerCatalogue catalogue;

    private final IssuerDirectory directory;

    private final NationalIdLinks nationalIds;

    private final RateLimits limits;

    private final RateLimit perResident;

    ResidentPulls(IssuerPulls pulls, IssuerCatalogue catalogue, IssuerDirectory directory,
            NationalIdLinks nationalIds, RateLimits limits, IssuerProperties properties) {
        this.pulls = pulls;
        this.catalogue = catalogue;
        this.directory = directory;
        this.nationalIds = nationalIds;
        this.limits = limits;
        // The budget BackgroundPulls spends: a resident's searches count alike, whoever starts them.
        this.perResident = new RateLimit("issuer-pull-resident", properties.pullsPerResident(), Duration.ofHours(1));
    }

    /**
     * Searches {@code issuer} for the resident's document of {@code docType}, and takes it into the resident's
     * locker when found; answers when the search has ended, at most about two pull timeouts later.
     *
     * @param parameters the doc type's search parameters by {@code paramname}; every one must be filled in
     * @return the outcome; besides the issuer's own, {@link Reason#UNKNOWN_ISSUER}, {@link Reason#UNKNOWN_DOC_TYPE},
     *         {@link Reason#NOT_OFFERED} (the issuer answers no searches), {@link Reason#INVALID} (a parameter
     *         missing or too long) and {@link Reason#NATIONAL_ID_NEEDED} (the doc type's search sends details of
     *         the resident's national ID, and none is linked), each decided before the issuer is called
     * @throws RateLimitedException when the resident's searches of the last hour are spent
     */
    public PullOutcome pullNow(AccountId resident, IssuerId issuer, DocTypeCode docType,
            Map<String, String> parameters) {
        if (!catalogue.approved(issuer)) {
            return new Failed(Reason.UNKNOWN_ISSUER, "No approved issuer has the ID " + issuer + ".");
        }
        Optional<SearchableDocType> search = directory.docType(issuer, docType);
        if (search.isEmpty()) {
            return new Failed(Reason.UNKNOWN_DOC_TYPE, "The issuer " + issuer + " does not issue " + docType + ".");
        }
        if (!search.get().searchable()) {
            return new Failed(Reason.NOT_OFFERED, search.get().issuerName() + " does not answer searches.");
        }
        Map<String, SearchableDocType.ParameterProblem> problems = search.get().problems(parameters);
        if (!problems.isEmpty()) {
            return new Failed(Reason.INVALID, problems.entrySet().stream()
                    .map(problem -> problem.getKey() + " " + (problem.getValue()
                            == SearchableDocType.ParameterProblem.MISSING ? "is missing"
                                    : "is longer than " + SearchableDocType.MAX_VALUE_LENGTH + " characters"))
                    .collect(Collectors.joining("; ", "", ".")));
        }
        if (!search.get().residentFields().isEmpty() && nationalIds.linkOf(resident).isEmpty()) {
            return new Failed(Reason.NATIONAL_ID_NEEDED, "A search for " + docType + " sends details of the "
                    + "resident's national ID, and the resident has linked none.");
        }
        if (!limits.tryAcquire(perResident, resident.toString())) {
            throw new RateLimitedException("This resident has started many searches in the last hour. Please try "
                    + "again later.");
        }
        return pulls.pull(resident, issuer, docType, search.get().values(parameters));
    }
}
