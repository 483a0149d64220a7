package org.tijori.gateway.partner;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.tijori.account.RateLimitedException;
import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.GatewayProblemException.Kind;
import org.tijori.gateway.token.PartnerAccess;
import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.pull.IssuerCatalogue;
import org.tijori.issuer.pull.IssuerCatalogue.CatalogueDocType;
import org.tijori.issuer.pull.IssuerCatalogue.CatalogueIssuer;
import org.tijori.issuer.pull.IssuerCatalogue.SearchParameter;
import org.tijori.issuer.pull.PullOutcome;
import org.tijori.issuer.pull.ResidentPulls;

import org.springframework.stereotype.Service;

/**
 * DigiLocker's pull operations (ADR 23, #10 to #13) without HTTP: the approved issuers, their doc types and search
 * parameters for any requester that proves itself, and a search of an issuer's repository made for the resident a
 * token stands for, answered in the same request, whose found document lands in the resident's locker. Each outcome
 * of a search is one of DigiLocker's codes ("Pull outcomes").
 */
@Service
public class PartnerPulls {

    /** The operation's name in the resident's connected apps and trail. */
    static final String OPERATION = "pulldocument";

    private final IssuerCatalogue catalogue;

    private final ResidentPulls pulls;

    private final AccessLog accessLog;

    PartnerPulls(IssuerCatalogue catalogue, ResidentPulls pulls, AccessLog accessLog) {
        this.catalogue = catalogue;
        this.pulls = pulls;
        this.accessLog = accessLog;
    }

    public List<CatalogueIssuer> issuers() {
        return catalogue.approved();
    }

    /** @throws GatewayProblemException {@code 400 invalid_parameter} when no approved issuer has {@code orgid} */
    public List<CatalogueDocType> docTypes(String orgid) {
        return catalogue.docTypes(issuer(orgid, "invalid_parameter")).orElseThrow(() -> unknownIssuer(
                "invalid_parameter"));
    }

    /**
     * @throws GatewayProblemException {@code 400 invalid_parameter} when no approved issuer has {@code orgid} or it
     *                                 issues no {@code doctype}
     */
    public List<SearchParameter> searchParameters(String orgid, String doctype) {
        IssuerId issuer = issuer(orgid, "invalid_parameter");
        DocTypeCode docType = docType(doctype, "invalid_parameter");
        return catalogue.searchParameters(issuer, docType).orElseThrow(() -> catalogue.docTypes(issuer).isEmpty()
                ? unknownIssuer("invalid_parameter") : unknownDocType("invalid_parameter"));
    }

    /**
     * Searches {@code orgid}'s repository for the resident's {@code doctype} with these parameters, and answers the
     * found document's URI once it is in the resident's locker.
     *
     * @param consent DigiLocker's {@code consent}: the resident agreed to the search ({@code Y})
     * @param parameters the request's fields: the doc type's search parameters are taken from them
     * @throws GatewayProblemException with the code of each other outcome
     * @throws PartnerThrottledException when the resident's searches of the last hour are spent
     */
    public DocumentUri pull(PartnerAccess access, String orgid, String doctype, String consent,
            Map<String, String> parameters) {
        IssuerId issuer = issuer(orgid, "invalid_orgid");
        DocTypeCode docType = docType(doctype, "invalid_doctype");
        if (!"Y".equals(consent == null ? null : consent.strip())) {
            throw new GatewayProblemException(Kind.INVALID, "invalid_parameter", "The consent parameter is missing "
                    + "or invalid: it must be Y, the resident's agreement to the search.");
        }
        PullOutcome outcome;
        try {
            outcome = pulls.pullNow(access.account(), issuer, docType, parameters);
        }
        catch (RateLimitedException spent) {
            throw new PartnerThrottledException(Duration.ofHours(1), spent.getMessage());
        }
        if (outcome instanceof PullOutcome.Found found) {
            accessLog.read(access, OPERATION, found.uri().toString());
            return found.uri();
        }
        if (outcome instanceof PullOutcome.NotFound) {
            throw recordNotFound();
        }
        if (outcome instanceof PullOutcome.Pending) {
            throw new GatewayProblemException(Kind.CONFLICT, "pull_response_pending", "The details provided above do "
                    + "not exactly match with the details on the certificate. Your request has been forwarded to the "
                    + "Issuer department. The Issuer department will verify the details provided above. If the "
                    + "verification is successful, your certificate will be made available in the Issued Documents "
                    + "section of the locker.");
        }
        throw failure((PullOutcome.Failed) outcome);
    }

    private static GatewayProblemException failure(PullOutcome.Failed failed) {
        return switch (failed.kind()) {
            case HELD_ELSEWHERE, NOT_YOURS -> recordNotFound();
            case INVALID -> new GatewayProblemException(Kind.INVALID, "invalid_parameter", "One or more of the "
                    + "mandatory parameters is missing or invalid: " + failed.reason());
            case UNKNOWN_ISSUER -> unknownIssuer("invalid_orgid");
            case UNKNOWN_DOC_TYPE -> unknownDocType("invalid_doctype");
            case NOT_OFFERED -> new GatewayProblemException(Kind.INVALID, "repository_service_configerror",
                    "The issuer service is not available: " + failed.reason());
            case UNAVAILABLE -> new GatewayProblemException(Kind.UNAVAILABLE, "repository_service_unresponsive",
                    "The issuer did not answer: " + failed.reason());
            case BAD_ANSWER -> new GatewayProblemException(Kind.BAD_ANSWER, "repository_service_resperror",
                    "The issuer's answer cannot be used: " + failed.reason());
            case NATIONAL_ID_NEEDED -> new GatewayProblemException(Kind.FORBIDDEN, "aadhaar_not_linked",
                    "To access issued documents, please link your Aadhaar number to your DigiLocker account: this "
                            + "search sends details of the resident's national ID, and none is linked.");
        };
    }

    private static GatewayProblemException recordNotFound() {
        return new GatewayProblemException(Kind.NOT_FOUND, "record_not_found", "No record found in issuer database "
                + "for given criteria. Please check the details and try again. If problem persists, see the FAQ "
                + "section for possible causes.");
    }

    private static IssuerId issuer(String orgid, String error) {
        try {
            return new IssuerId(orgid == null ? null : orgid.strip());
        }
        catch (IllegalArgumentException notAnId) {
            throw unknownIssuer(error);
        }
    }

    private static DocTypeCode docType(String doctype, String error) {
        try {
            return new DocTypeCode(doctype == null ? null : doctype.strip());
        }
        catch (IllegalArgumentException notACode) {
            throw unknownDocType(error);
        }
    }

    private static GatewayProblemException unknownIssuer(String error) {
        return new GatewayProblemException(Kind.INVALID, error, "The orgid parameter is missing or invalid.");
    }

    private static GatewayProblemException unknownDocType(String error) {
        return new GatewayProblemException(Kind.INVALID, error, "The doctype parameter is missing or invalid.");
    }
}
