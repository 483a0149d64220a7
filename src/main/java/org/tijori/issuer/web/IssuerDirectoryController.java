package org.tijori.issuer.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.ResidentPrincipal;
import org.tijori.issuer.portal.IssuerDirectory;
import org.tijori.issuer.registration.IssuerCategory;
import org.tijori.issuer.registration.StateOrTerritory;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The directory of approved issuers for a signed-in resident ({@code /issuers}): narrowed by category and state and
 * searched by a plain GET form, a page at a time, with the doc types most residents hold and the documents the
 * resident already holds from each issuer. A category or state that is not one (an edited link) is left out of the
 * search and said so, with a 400.
 */
@Controller
class IssuerDirectoryController {

    private final IssuerDirectory directory;

    IssuerDirectoryController(IssuerDirectory directory) {
        this.directory = directory;
    }

    @GetMapping("/issuers")
    String directory(@AuthenticationPrincipal ResidentPrincipal resident, @RequestParam(required = false) String q,
            @RequestParam(required = false) String category, @RequestParam(required = false) String state,
            @RequestParam(required = false) String page, Model model, HttpServletResponse response) {
        Optional<IssuerCategory> chosenCategory = IssuerCategory.ofCode(category);
        Optional<StateOrTerritory> chosenState = StateOrTerritory.ofCode(state);
        boolean unknownCategory = category != null && !category.isBlank() && chosenCategory.isEmpty();
        boolean unknownState = state != null && !state.isBlank() && chosenState.isEmpty();
        if (unknownCategory || unknownState) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
        }
        model.addAttribute("unknownCategory", unknownCategory);
        model.addAttribute("unknownState", unknownState);
        model.addAttribute("directory", directory.search(resident.accountId(), q, chosenCategory.orElse(null),
                chosenState.orElse(null), pageNumber(page)));
        model.addAttribute("popular", directory.popular());
        model.addAttribute("categories", IssuerCategory.values());
        model.addAttribute("states", StateOrTerritory.values());
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
