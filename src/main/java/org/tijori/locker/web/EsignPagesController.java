package org.tijori.locker.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.ResidentPrincipal;
import org.tijori.locker.DocumentSigning;
import org.tijori.locker.LockerProblemException;
import org.tijori.locker.SigningId;
import org.tijori.locker.SigningRequest;
import org.tijori.locker.UploadedDocument;
import org.tijori.locker.UploadedDocuments;

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
 * E-signing an uploaded document from its row (issue 18): a page for the optional reason, location and visible
 * box, then the code sent by SMS (and the second factor when the account has one), then back to the uploads with
 * a link to the signed copy. The same {@link DocumentSigning} as the API; every problem in the reader's language.
 */
@Controller
class EsignPagesController {

    private final DocumentSigning signing;

    private final UploadedDocuments uploads;

    EsignPagesController(DocumentSigning signing, UploadedDocuments uploads) {
        this.signing = signing;
        this.uploads = uploads;
    }

    @GetMapping("/locker/uploaded/{id}/esign")
    String options(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id, Model model) {
        model.addAttribute("document", live(resident, id));
        return "locker/esign";
    }

    @PostMapping("/locker/uploaded/{id}/esign")
    String start(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String location,
            @RequestParam(required = false) String visible, @RequestParam(required = false) String page,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        UploadedDocument document = live(resident, id);
        model.addAttribute("document", document);
        model.addAttribute("reason", reason);
        model.addAttribute("location", location);
        model.addAttribute("visible", visible != null);
        model.addAttribute("page", page);
        try {
            SigningRequest asked = new SigningRequest(reason, location, visible != null, pageNumber(page));
            DocumentSigning.PendingSigning pending = signing.start(resident.accountId(), document.id(), asked,
                    request.getRemoteAddr());
            return "redirect:/locker/esign/" + pending.id();
        }
        catch (LockerProblemException e) {
            if (e.kind() == LockerProblemException.Kind.NOT_FOUND) {
                throw e;
            }
            response.setStatus(LockerProblems.statusOf(e.kind()).value());
            model.addAttribute("problemKey", problemKey(e));
            return "locker/esign";
        }
    }

    @GetMapping("/locker/esign/{signingId}")
    String codes(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String signingId, Model model) {
        SigningId id = signingId(signingId);
        return signing.pending(resident.accountId(), id).map(pending -> {
            model.addAttribute("pending", pending);
            return "locker/esign-confirm";
        }).orElse("redirect:/locker/uploaded?esignOver");
    }

    @PostMapping("/locker/esign/{signingId}")
    String confirm(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String signingId,
            @RequestParam(required = false) String otp, @RequestParam(required = false) String code,
            @RequestParam(required = false) String recoveryCode, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        SigningId id = signingId(signingId);
        try {
            UploadedDocument signed = signing.confirm(resident.accountId(), id, otp, code, recoveryCode,
                    request.getRemoteAddr());
            return "redirect:/locker/uploaded?signed=" + signed.id();
        }
        catch (LockerProblemException e) {
            if (e.kind() == LockerProblemException.Kind.NOT_FOUND) {
                throw e;
            }
            var pending = signing.pending(resident.accountId(), id);
            if (pending.isEmpty()) {
                // Over (cancelled after wrong codes, expired, or refused while signing): the uploads page says so.
                return "redirect:/locker/uploaded?esignOver=" + problemKey(e).substring("esign.problem.".length());
            }
            response.setStatus(LockerProblems.statusOf(e.kind()).value());
            model.addAttribute("problemKey", problemKey(e));
            model.addAttribute("pending", pending.get());
            return "locker/esign-confirm";
        }
    }

    private UploadedDocument live(ResidentPrincipal resident, String id) {
        return uploads.find(resident.accountId(), UploadedPagesController.id(id)).filter(found -> !found.inBin())
                .orElseThrow(IssuedPagesController::notFound);
    }

    /** The message key of a problem: by its code, or by its kind when it has none (a full quota). */
    static String problemKey(LockerProblemException e) {
        return "esign.problem." + (e.code() != null ? e.code()
                : e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }

    private static Integer pageNumber(String page) {
        if (page == null || page.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(page.strip());
        }
        catch (NumberFormatException e) {
            return 0;
        }
    }

    private static SigningId signingId(String id) {
        return SigningId.parse(id).orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no such e-signing."));
    }
}
