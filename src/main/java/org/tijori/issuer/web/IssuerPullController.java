package org.tijori.issuer.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.AccountId;
import org.tijori.account.RateLimitedException;
import org.tijori.account.ResidentPrincipal;
import org.tijori.identity.NationalIdLinks;
import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProblemException;
import org.tijori.issuer.portal.IssuerDirectory;
import org.tijori.issuer.pull.BackgroundPulls;
import org.tijori.issuer.pull.Pull;
import org.tijori.issuer.pull.PullId;
import org.tijori.issuer.pull.SearchableDocType;
import org.tijori.issuer.pull.SearchableDocType.ParameterProblem;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Fetching a document from an issuer: the form of the doc type's search parameters, and the page of the
 * search that then runs in the background. That page refreshes itself (htmx, or a meta refresh without
 * JavaScript) until the search ends, so a slow issuer never holds it. No search starts without the resident's
 * consent, given by a checkbox that the server checks. A search of another resident is not found.
 */
@Controller
class IssuerPullController {

    /**
     * The checkbox by which the resident consents to the search, as DigiLocker asks for it; a name no issuer's
     * search parameter can have (those are letters, digits and underscores), so the two never mix.
     */
    static final String CONSENT = "tijori-consent";

    static final String CONSENT_GIVEN = "yes";

    private final IssuerDirectory directory;

    private final BackgroundPulls pulls;

    private final NationalIdLinks nationalIds;

    IssuerPullController(IssuerDirectory directory, BackgroundPulls pulls, NationalIdLinks nationalIds) {
        this.directory = directory;
        this.pulls = pulls;
        this.nationalIds = nationalIds;
    }

    /** The form says which of the resident's details the issuer receives, and whether any can be sent at all. */
    @GetMapping("/issuers/{issuerId}/{docType}/fetch")
    String form(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String issuerId,
            @PathVariable String docType, Model model) {
        return form(resident.accountId(), searchable(issuerId, docType), Map.of(), Map.of(), null, model);
    }

    /** The parameters come as form fields named after their {@code paramname}, as DigiLocker names them. */
    @PostMapping("/issuers/{issuerId}/{docType}/fetch")
    String start(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String issuerId,
            @PathVariable String docType, @RequestParam Map<String, String> fields, HttpServletResponse response,
            Model model) {
        SearchableDocType search = searchable(issuerId, docType);
        Map<String, ParameterProblem> problems = search.problems(fields);
        boolean consented = CONSENT_GIVEN.equals(fields.get(CONSENT));
        if (!problems.isEmpty() || !consented) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("consentMissing", !consented);
            return form(resident.accountId(), search, fields, problems, null, model);
        }
        try {
            Pull pull = pulls.start(resident.accountId(), search.issuer(), search.code(), fields);
            return "redirect:/issuers/pulls/" + pull.id();
        }
        catch (RateLimitedException e) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            return form(resident.accountId(), search, fields, problems, "issuers.fetch.tooMany", model);
        }
        catch (IssuerProblemException e) {
            // The issuer was suspended, or stopped answering searches, since the form was shown.
            throw new ResponseStatusException(IssuerProblems.status(e));
        }
    }

    /** The search as it stands; sent by htmx while it runs, only the part that changes. */
    @GetMapping("/issuers/pulls/{pullId}")
    String pull(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String pullId,
            HttpServletRequest request, Model model) {
        Pull pull = PullId.parse(pullId).flatMap(id -> pulls.find(resident.accountId(), id))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("pull", pull);
        return request.getHeader("HX-Request") != null ? "issuer/pull :: status" : "issuer/pull";
    }

    private String form(AccountId resident, SearchableDocType search, Map<String, String> values,
            Map<String, ParameterProblem> problems, String error, Model model) {
        model.addAttribute("search", search);
        model.addAttribute("linked", nationalIds.linkOf(resident).isPresent());
        model.addAttribute("values", values);
        model.addAttribute("problems", problems);
        model.addAttribute("error", error);
        return "issuer/fetch";
    }

    /** A doc type of an approved issuer that answers searches; anything else is not found. */
    private SearchableDocType searchable(String issuerId, String docType) {
        try {
            return directory.docType(new IssuerId(issuerId), new DocTypeCode(docType))
                    .filter(SearchableDocType::searchable)
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        }
        catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }
}
