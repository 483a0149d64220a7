package org.tijori.issuer.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.tijori.account.RateLimitedException;
import org.tijori.account.ResidentPrincipal;
import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProblemException;
import org.tijori.issuer.portal.DirectoryPage;
import org.tijori.issuer.portal.IssuerDirectory;
import org.tijori.issuer.portal.IssuerListing;
import org.tijori.issuer.portal.IssuerOverview.DocType;
import org.tijori.issuer.pull.BackgroundPulls;
import org.tijori.issuer.pull.Pull;
import org.tijori.issuer.pull.PullId;
import org.tijori.issuer.registration.IssuerCategory;
import org.tijori.issuer.registration.IssuerRegistration;
import org.tijori.issuer.registration.StateOrTerritory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The issuer directory and fetching from an issuer, for the signed-in resident's apps: the same as the
 * {@code /issuers} pages. A search runs in the background; the app starts it and asks how it stands.
 */
@RestController
@Tag(name = "Locker: issuers", description = "For the signed-in resident (session cookie; a call that changes "
        + "something carries the CSRF token in the X-CSRF-TOKEN header).")
class IssuerPullApiController {

    private final IssuerDirectory directory;

    private final BackgroundPulls pulls;

    IssuerPullApiController(IssuerDirectory directory, BackgroundPulls pulls) {
        this.directory = directory;
        this.pulls = pulls;
    }

    @GetMapping("/api/v1/locker/issuers")
    @Operation(summary = "Approved issuers, their doc types and search parameters, and what you hold from each",
            description = "Searches the issuer's name (English or Hindi) and ID and the doc types' names (English or "
                    + "Hindi) and codes, within a category and a state if given; " + IssuerDirectory.PAGE_SIZE
                    + " issuers a page, by name. popular lists the doc types most residents hold.")
    @ApiResponse(responseCode = "400", description = "A page, category or state that is not one")
    DirectoryAnswer issuers(@AuthenticationPrincipal ResidentPrincipal resident,
            @Parameter(description = "words to search for; empty for every issuer") @RequestParam(required = false) String q,
            @Parameter(description = "only issuers of this category: central, state, education, transport, banking, "
                    + "health or other") @RequestParam(required = false) String category,
            @Parameter(description = "only issuers serving this state or union territory, by its ISO 3166-2:IN code "
                    + "in lower case, such as mh") @RequestParam(required = false) String state,
            @Parameter(description = "the page, from 1") @RequestParam(required = false) Integer page) {
        if (page != null && page < 1) {
            throw new IssuerProblemException(IssuerProblemException.Kind.INVALID, "page: 1 or more.");
        }
        IssuerCategory chosenCategory = category == null || category.isBlank() ? null
                : IssuerRegistration.category(category);
        StateOrTerritory chosenState = IssuerRegistration.state(state);
        DirectoryPage found = directory.search(resident.accountId(), q, chosenCategory, chosenState,
                page == null ? 1 : page);
        return new DirectoryAnswer(found.query(), found.categoryCode(), found.stateCode(), found.page(), found.pages(),
                found.total(), found.issuers().stream().map(IssuerAnswer::of).toList(),
                directory.popular().stream().map(PopularAnswer::of).toList());
    }

    @PostMapping("/api/v1/locker/pulls")
    @Operation(summary = "Fetch a document from an issuer (Pull URI), in the background",
            description = "Answers at once with the search's ID; ask GET /api/v1/locker/pulls/{pullId} how it "
                    + "stands. Every search parameter of the doc type must be given. A resident may start only so "
                    + "many searches an hour.")
    @ApiResponse(responseCode = "202", description = "The search runs; Location says where to ask how it stands")
    @ApiResponse(responseCode = "400", description = "An issuer or doc type that is not one, or a parameter "
            + "missing or too long")
    @ApiResponse(responseCode = "404", description = "No approved issuer answers searches for this doc type")
    @ApiResponse(responseCode = "429", description = "Too many searches in the last hour")
    ResponseEntity<PullAnswer> start(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestBody PullForm form) {
        if (form == null) {
            throw invalid("Send issuer, docType and parameters.");
        }
        IssuerId issuer;
        DocTypeCode docType;
        try {
            issuer = new IssuerId(form.issuer());
        }
        catch (IllegalArgumentException e) {
            throw invalid("issuer: " + e.getMessage());
        }
        try {
            docType = new DocTypeCode(form.docType());
        }
        catch (IllegalArgumentException e) {
            throw invalid("docType: " + e.getMessage());
        }
        Pull pull = pulls.start(resident.accountId(), issuer, docType,
                form.parameters() == null ? Map.of() : form.parameters());
        return ResponseEntity.accepted().location(URI.create("/api/v1/locker/pulls/" + pull.id()))
                .body(PullAnswer.of(pull));
    }

    @GetMapping("/api/v1/locker/pulls/{pullId}")
    @Operation(summary = "How a search you started stands",
            description = "state: RUNNING, then FOUND (uri is in your locker), PENDING (the issuer sends it later), "
                    + "NOT_FOUND, UNAVAILABLE (the issuer was slow or failing: try later), NOT_OFFERED, BAD_ANSWER, "
                    + "HELD_ELSEWHERE, NOT_YOURS (the document names someone else) or INTERRUPTED (try again). A "
                    + "search of anyone else is not found.")
    @ApiResponse(responseCode = "404", description = "No search of yours has this ID")
    PullAnswer pull(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String pullId) {
        return PullId.parse(pullId).flatMap(id -> pulls.find(resident.accountId(), id)).map(PullAnswer::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No search of yours has this ID."));
    }

    @ExceptionHandler(IssuerProblemException.class)
    ResponseEntity<ProblemDetail> problem(IssuerProblemException e, HttpServletRequest request) {
        return IssuerProblems.answer(e, request);
    }

    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<ProblemDetail> rateLimited(RateLimitedException e, HttpServletRequest request) {
        return IssuerProblems.answer(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", e.getMessage(), request);
    }

    private static IssuerProblemException invalid(String message) {
        return new IssuerProblemException(IssuerProblemException.Kind.INVALID, message);
    }

    /**
     * What to fetch.
     *
     * @param parameters the doc type's search parameters by {@code paramname}
     */
    record PullForm(String issuer, String docType, Map<String, String> parameters) {
    }

    /**
     * @param category the category the list is narrowed to, or null
     * @param state the state or union territory the list is narrowed to, or null
     * @param popular the doc types most residents hold, most held first
     */
    record DirectoryAnswer(String query, String category, String state, int page, int pages, long total,
            List<IssuerAnswer> issuers, List<PopularAnswer> popular) {
    }

    /**
     * @param searchable whether documents can be fetched from it; otherwise it only sends documents to lockers
     * @param held how many documents from it are in your locker; heldDocuments lists the newest few
     * @param state the state or union territory it serves, or null for the whole country
     * @param nameHi its Hindi name, or null
     */
    record IssuerAnswer(String issuerId, String name, String category, boolean searchable, List<DocType> docTypes,
            int held, List<HeldAnswer> heldDocuments, String state, String nameHi) {

        static IssuerAnswer of(IssuerListing listing) {
            return new IssuerAnswer(listing.issuerId().value(), listing.name(), listing.category(),
                    listing.searchable(), listing.docTypes(), listing.held(), listing.heldDocuments().stream()
                            .map(held -> new HeldAnswer(held.uri().toString(), held.docName(), held.status().name()))
                            .toList(), listing.state(), listing.nameHi());
        }
    }

    /** A doc type many residents hold, with its names and its issuer's. */
    record PopularAnswer(String issuerId, String issuerName, String issuerNameHi, String docType, String name,
            String nameHi, boolean searchable) {

        static PopularAnswer of(org.tijori.issuer.portal.PopularDocType popular) {
            return new PopularAnswer(popular.issuerId().value(), popular.issuerName(), popular.issuerNameHi(),
                    popular.code(), popular.name(), popular.nameHi(), popular.searchable());
        }
    }

    record HeldAnswer(String uri, String docName, String status) {
    }

    /**
     * @param uri the document's URI once it is in your locker
     * @param detail what came of the search, in words
     */
    record PullAnswer(String pullId, String issuerId, String docType, String state, String uri, String detail,
            Instant requestedAt, Instant finishedAt) {

        static PullAnswer of(Pull pull) {
            return new PullAnswer(pull.id().toString(), pull.issuer().value(), pull.docType().value(),
                    pull.state().name(), pull.uri() == null ? null : pull.uri().toString(), pull.detail(),
                    pull.requestedAt(), pull.finishedAt());
        }
    }
}
