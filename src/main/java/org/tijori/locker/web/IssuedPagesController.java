package org.tijori.locker.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.QrCodes;
import org.tijori.account.ResidentPrincipal;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.HeldDocument;
import org.tijori.issuer.HeldDocuments;
import org.tijori.locker.IssuedLocker;
import org.tijori.locker.LockerProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Issued Documents: every document issuers delivered to the signed-in resident, filtered and searched,
 * and each one opened, downloaded as PDF or signed XML, with its URI and verification QR code.
 */
@Controller
@RequestMapping("/locker/issued")
class IssuedPagesController {

    static final int PAGE_SIZE = 50;

    /** Validity is about Indian dates: a licence valid to 1 March is valid all that day in India. */
    static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    private final HeldDocuments held;

    private final IssuedLocker locker;

    private final Clock clock;

    IssuedPagesController(HeldDocuments held, IssuedLocker locker, Clock clock) {
        this.held = held;
        this.locker = locker;
        this.clock = clock;
    }

    @GetMapping
    String list(@AuthenticationPrincipal ResidentPrincipal resident, @RequestParam(required = false) String issuer,
            @RequestParam(required = false) String type, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") int page, Model model) {
        var filter = new HeldDocuments.Filter(issuer, type, q == null ? null : q.strip());
        int current = Math.max(0, page);
        HeldDocuments.Page found = held.list(resident.accountId(), filter, current * PAGE_SIZE, PAGE_SIZE);
        long total = found.total();
        model.addAttribute("documents", found.documents());
        model.addAttribute("issuers", held.issuersOf(resident.accountId()));
        model.addAttribute("docTypes", held.docTypesOf(resident.accountId()));
        model.addAttribute("total", total);
        model.addAttribute("page", current);
        model.addAttribute("hasNext", (long) (current + 1) * PAGE_SIZE < total);
        model.addAttribute("filter", filter);
        model.addAttribute("today", today());
        return "locker/issued";
    }

    @GetMapping("/{uri}")
    String document(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String uri, Model model)
            throws IOException {
        DocumentUri parsed = parse(uri);
        HeldDocument document = held.find(resident.accountId(), parsed).orElseThrow(IssuedPagesController::notFound);
        String verifyUrl = locker.verificationLink(resident.accountId(), parsed)
                .orElseThrow(IssuedPagesController::notFound);
        model.addAttribute("document", document);
        model.addAttribute("card", locker.card(resident.accountId(), parsed).orElseThrow(IssuedPagesController::notFound));
        model.addAttribute("versions", held.versions(resident.accountId(), parsed));
        model.addAttribute("today", today());
        model.addAttribute("verifyUrl", verifyUrl);
        // The label names the page, not the proof: a screen reader need not read 500 characters out.
        model.addAttribute("qr", QrCodes.svg(verifyUrl, "QR code: " + verifyUrl.substring(0, verifyUrl.indexOf('?'))));
        return "locker/issued-document";
    }

    @GetMapping("/{uri}/pdf")
    void pdf(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String uri,
            HttpServletResponse response) throws IOException {
        DocumentUri parsed = parse(uri);
        InputStream pdf = locker.pdf(resident.accountId(), parsed).orElseThrow(IssuedPagesController::notFound);
        Downloads.send(response, parsed + ".pdf", "application/pdf", -1, pdf);
    }

    @GetMapping("/{uri}/xml")
    void xml(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String uri,
            HttpServletResponse response) throws IOException {
        DocumentUri parsed = parse(uri);
        InputStream xml = locker.xml(resident.accountId(), parsed).orElseThrow(IssuedPagesController::notFound);
        Downloads.send(response, parsed + ".xml", "application/xml", -1, xml);
    }

    @GetMapping("/{uri}/preview.png")
    void preview(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String uri,
            HttpServletResponse response) throws IOException {
        Optional<byte[]> png;
        try {
            png = locker.preview(resident.accountId(), parse(uri));
        }
        catch (LockerProblemException e) {
            if (e.kind() != LockerProblemException.Kind.BUSY) {
                throw e;
            }
            Pictures.busy(response, e);
            return;
        }
        if (png.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "This document has no preview.");
        }
        Pictures.send(response, png.get());
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(INDIA));
    }

    static DocumentUri parse(String uri) {
        try {
            return DocumentUri.parse(uri);
        }
        catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no such document in your locker.");
    }
}
