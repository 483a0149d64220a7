package org.tijori.issuer.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.issuer.IssuerProblemException;
import org.tijori.issuer.pull.ResidentField;
import org.tijori.issuer.registration.IssuerCategory;
import org.tijori.issuer.registration.IssuerRegistration;
import org.tijori.issuer.registration.IssuerRegistration.DocTypeRegistration;
import org.tijori.issuer.registration.IssuerRegistration.SearchParameter;
import org.tijori.issuer.registration.IssuerRegistrations;
import org.tijori.issuer.registration.RegistrationReceipt;
import org.tijori.issuer.registration.StateOrTerritory;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The registration form for issuers (the page behind {@code POST /api/v1/issuers/registrations}): who the
 * issuer is (with its Hindi name, category and state, as the directory lists it), its signing certificate, and
 * up to three doc types with their search parameters.
 */
@Controller
@RequestMapping("/issuer/register")
class IssuerRegistrationController {

    static final int DOC_TYPE_ROWS = 3;

    private final IssuerRegistrations registrations;

    private final MessageSource messages;

    IssuerRegistrationController(IssuerRegistrations registrations, MessageSource messages) {
        this.registrations = registrations;
        this.messages = messages;
    }

    @GetMapping
    String form(Model model) {
        model.addAttribute("rows", rows());
        model.addAttribute("form", Map.of());
        model.addAttribute("residentFields", ResidentField.values());
        listingChoices(model);
        return "issuer/register";
    }

    private static void listingChoices(Model model) {
        model.addAttribute("categories", IssuerCategory.values());
        model.addAttribute("states", StateOrTerritory.values());
    }

    @PostMapping
    String register(@RequestParam Map<String, String> form, HttpServletResponse response, Locale locale,
            Model model) {
        try {
            RegistrationReceipt receipt = registrations.register(registration(form));
            model.addAttribute("receipt", receipt);
            model.addAttribute("issuerId", form.get("issuerId"));
            return "issuer/registered";
        }
        catch (IssuerProblemException e) {
            response.setStatus(IssuerProblems.status(e).value());
            model.addAttribute("error", e.words(messages, locale));
            model.addAttribute("rows", rows());
            Map<String, String> kept = new java.util.HashMap<>(form);
            // A refused page never carries the chosen API key back.
            kept.remove("apiKey");
            model.addAttribute("form", kept);
            model.addAttribute("residentFields", ResidentField.values());
            listingChoices(model);
            return "issuer/register";
        }
    }

    /**
     * Empty rows are left out; search parameters are one a line: {@code paramname | label | example}; the
     * resident details a row's search needs are check boxes named {@code docType<row>.residentField.<element>}.
     */
    static IssuerRegistration registration(Map<String, String> form) {
        List<DocTypeRegistration> docTypes = new ArrayList<>();
        for (int row = 0; row < DOC_TYPE_ROWS; row++) {
            String code = blankToNull(form.get("docType" + row + ".code"));
            String name = blankToNull(form.get("docType" + row + ".name"));
            if (code == null && name == null) {
                continue;
            }
            List<SearchParameter> parameters = new ArrayList<>();
            String lines = form.getOrDefault("docType" + row + ".parameters", "");
            for (String line : lines.split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\\|", 3);
                parameters.add(new SearchParameter(parts[0].strip(), parts.length > 1 ? parts[1].strip() : null,
                        parts.length > 2 ? parts[2].strip() : null));
            }
            List<String> residentFields = new ArrayList<>();
            for (ResidentField field : ResidentField.values()) {
                if (form.containsKey("docType" + row + ".residentField." + field.element())) {
                    residentFields.add(field.element());
                }
            }
            docTypes.add(new DocTypeRegistration(code, name, form.get("docType" + row + ".description"), parameters,
                    null, residentFields, form.get("docType" + row + ".nameHi")));
        }
        return new IssuerRegistration(form.get("issuerId"), form.get("name"), form.get("category"),
                form.get("contactEmail"), form.get("pullUriUrl"), form.get("signingCertificatePem"), docTypes,
                form.get("apiKey"), form.get("pullHmacEncoding"), form.get("state"), form.get("nameHi"));
    }

    private static List<Integer> rows() {
        List<Integer> rows = new ArrayList<>();
        for (int row = 0; row < DOC_TYPE_ROWS; row++) {
            rows.add(row);
        }
        return rows;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
