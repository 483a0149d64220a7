package org.tijori.issuer.web;

import org.tijori.account.ResidentPrincipal;
import org.tijori.issuer.portal.IssuerDirectory;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The directory of approved issuers for a signed-in resident ({@code /issuers}): searched by a plain GET
 * form, a page at a time, with the documents the resident already holds from each issuer.
 */
@Controller
class IssuerDirectoryController {

    private final IssuerDirectory directory;

    IssuerDirectoryController(IssuerDirectory directory) {
        this.directory = directory;
    }

    @GetMapping("/issuers")
    String directory(@AuthenticationPrincipal ResidentPrincipal resident, @RequestParam(required = false) String q,
            @RequestParam(required = false) String page, Model model) {
        model.addAttribute("directory", directory.search(resident.accountId(), q, pageNumber(page)));
        return "issuer/directory";
    }

    /** A page number from a link a person may have edited: anything but a plain number is the first page. */
    static int pageNumber(String page) {
        if (page == null || !page.matches("[0-9]{1,6}")) {
            return 1;
        }
        return Math.max(1, Integer.parseInt(page));
    }
}
