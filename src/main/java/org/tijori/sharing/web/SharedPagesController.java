package org.tijori.sharing.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.tijori.account.ResidentPrincipal;
import org.tijori.sharing.DocumentSharing;
import org.tijori.sharing.DocumentSharing.DocumentReference;
import org.tijori.sharing.ShareId;
import org.tijori.sharing.SharingProblemException;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Shared documents, {@code /locker/shared}: every share of the signed-in resident with its state, recipient,
 * documents and openings, a revoke button each; and where the share forms of the document pages and lists post.
 */
@Controller
@RequestMapping("/locker/shared")
class SharedPagesController {

    private final DocumentSharing sharing;

    private final MessageSource messages;

    SharedPagesController(DocumentSharing sharing, MessageSource messages) {
        this.sharing = sharing;
        this.messages = messages;
    }

    @GetMapping
    ModelAndView list(@AuthenticationPrincipal ResidentPrincipal resident) {
        return page(resident, null, null);
    }

    @PostMapping
    ModelAndView share(@AuthenticationPrincipal ResidentPrincipal resident, ShareForm form, Locale locale) {
        try {
            sharing.share(resident.accountId(), resident.displayName(), new DocumentSharing.ShareRequest(
                    form.references(), form.email(), form.hours(), form.views(), form.accessCode(),
                    form.downloadAllowed() != null, form.notifyFirstOpening() != null, Languages.of(locale)));
        }
        catch (SharingProblemException e) {
            if (e.kind() == SharingProblemException.Kind.NOT_FOUND) {
                throw e;
            }
            ModelAndView page = page(resident, form, SharingProblems.words(e, messages, locale));
            page.setStatus(SharingProblems.statusOf(e.kind()));
            return page;
        }
        return new ModelAndView("redirect:/locker/shared?created");
    }

    @PostMapping("/{id}/revoke")
    String revoke(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id) {
        ShareId share = ShareId.parse(id).orElseThrow(() -> new SharingProblemException(
                SharingProblemException.Kind.NOT_FOUND, "There is no such share in your locker."));
        sharing.revoke(resident.accountId(), share);
        return "redirect:/locker/shared?revoked";
    }

    private ModelAndView page(ResidentPrincipal resident, ShareForm form, String error) {
        ModelAndView page = new ModelAndView("sharing/shared");
        page.addObject("shares", sharing.shares(resident.accountId()));
        page.addObject("form", form);
        page.addObject("formError", error);
        page.addObject("settings", sharing.settings());
        if (error != null) {
            page.setStatus(HttpStatus.BAD_REQUEST);
        }
        return page;
    }

    /**
     * The share form: {@code document} once for each document, as {@code issued:<uri>} or {@code uploaded:<id>};
     * the check boxes {@code downloadAllowed} and {@code notifyFirstOpening} are sent only when ticked.
     */
    record ShareForm(List<String> document, String email, String expiresInHours, String maxViews, String accessCode,
            String downloadAllowed, String notifyFirstOpening) {

        List<DocumentReference> references() {
            List<DocumentReference> references = new ArrayList<>();
            for (String each : document == null ? List.<String>of() : document) {
                int colon = each.indexOf(':');
                String kind = colon < 0 ? each : each.substring(0, colon);
                String reference = colon < 0 ? "" : each.substring(colon + 1);
                references.add(new DocumentReference(kind, reference, reference));
            }
            return references;
        }

        Integer hours() {
            return number(expiresInHours, "expiresInHours");
        }

        Integer views() {
            return number(maxViews, "maxViews");
        }

        private static Integer number(String text, String field) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return Integer.valueOf(text.strip());
            }
            catch (NumberFormatException e) {
                throw new SharingProblemException(SharingProblemException.Kind.INVALID, field + " is a whole number.");
            }
        }
    }
}
