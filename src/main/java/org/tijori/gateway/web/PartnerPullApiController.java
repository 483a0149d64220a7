package org.tijori.gateway.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.tijori.gateway.partner.FormProofs;
import org.tijori.gateway.partner.PartnerPulls;
import org.tijori.gateway.token.PartnerAccess;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * DigiLocker's pull operations (ADR 23, #10 to #13): the meta APIs, each proven by the form credential
 * ({@link FormProofs}) before any other field is looked at, and the search made for the resident of a bearer token
 * with the {@code pull} scope (checked by the partner chain), answered when it has ended. Field names are the
 * reference file's; where it nests an answer in {@code details}, the fields are flat.
 */
@PartnerApi
@RestController
class PartnerPullApiController {

    private final FormProofs proofs;

    private final PartnerPulls pulls;

    PartnerPullApiController(FormProofs proofs, PartnerPulls pulls) {
        this.proofs = proofs;
        this.pulls = pulls;
    }

    @PostMapping(path = "/public/oauth2/1/pull/issuers", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> issuers(@RequestParam Map<String, String> form, HttpServletRequest request) {
        prove(form, request);
        List<Map<String, String>> issuers = pulls.issuers().stream().map(issuer -> {
            Map<String, String> item = new LinkedHashMap<>();
            item.put("name", issuer.name());
            item.put("description", issuer.name());
            item.put("categories", issuer.category());
            item.put("issuerid", issuer.id().value());
            item.put("orgid", issuer.id().value());
            return item;
        }).toList();
        return Map.of("issuers", issuers);
    }

    @PostMapping(path = "/public/oauth2/1/pull/doctype", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> docTypes(@RequestParam Map<String, String> form, HttpServletRequest request) {
        prove(form, request);
        List<Map<String, String>> documents = pulls.docTypes(form.get("orgid")).stream().map(docType -> {
            Map<String, String> item = new LinkedHashMap<>();
            item.put("doctype", docType.code().value());
            item.put("description", docType.name());
            return item;
        }).toList();
        return Map.of("documents", documents);
    }

    @PostMapping(path = "/public/oauth2/1/pull/parameters", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, String>> parameters(@RequestParam Map<String, String> form, HttpServletRequest request) {
        prove(form, request);
        return pulls.searchParameters(form.get("orgid"), form.get("doctype")).stream().map(parameter -> {
            Map<String, String> item = new LinkedHashMap<>();
            item.put("label", parameter.label());
            item.put("paramname", parameter.paramname());
            item.put("example", parameter.example() == null ? "" : parameter.example());
            return item;
        }).toList();
    }

    @PostMapping(path = "/public/oauth2/1/pull/pulldocument", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> pull(@AuthenticationPrincipal PartnerAccess access, @RequestParam Map<String, String> form) {
        return Map.of("uri", pulls.pull(access, form.get("orgid"), form.get("doctype"), form.get("consent"), form)
                .toString());
    }

    private void prove(Map<String, String> form, HttpServletRequest request) {
        proofs.prove(form.get("clientid"), form.get("ts"), form.get("hmac"), request.getRemoteAddr());
    }
}
