package org.tijori.issuer.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProblemException;
import org.tijori.issuer.bulk.BulkId;
import org.tijori.issuer.bulk.BulkPublications;
import org.tijori.issuer.bulk.BulkRefusedException;
import org.tijori.issuer.portal.IssuerPortal;
import org.tijori.issuer.registration.IssuerCredentials;
import org.tijori.issuer.registration.IssuerRegistrations;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A signed-in issuer's portal: its doc types, recent publications and refused pushes, and the rotation
 * of its secret, key and signing certificate. The issuer comes from the session only, never from the
 * request, so an issuer sees nothing but its own.
 */
@Controller
@RequestMapping("/issuer")
class IssuerPortalController {

    private final IssuerPortal portal;

    private final IssuerRegistrations registrations;

    private final IssuerSessions sessions;

    private final BulkPublications bulk;

    private final MessageSource messages;

    IssuerPortalController(IssuerPortal portal, IssuerRegistrations registrations, IssuerSessions sessions,
            BulkPublications bulk, MessageSource messages) {
        this.portal = portal;
        this.registrations = registrations;
        this.sessions = sessions;
        this.bulk = bulk;
        this.messages = messages;
    }

    @GetMapping
    String overview(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        Optional<IssuerId> issuer = sessions.current(authentication, request, response);
        if (issuer.isEmpty()) {
            return "redirect:/issuer/login?ended";
        }
        return page(issuer.get(), model);
    }

    /** New secret, key and client ID, shown in this answer only; this session goes on with them. */
    @PostMapping("/credentials")
    String rotate(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        Optional<IssuerId> issuer = sessions.current(authentication, request, response);
        if (issuer.isEmpty()) {
            return "redirect:/issuer/login?ended";
        }
        try {
            IssuerCredentials credentials = registrations.rotateCredentials(issuer.get());
            sessions.rotated(issuer.get(), credentials.clientId(), request, response);
            model.addAttribute("credentials", credentials);
        }
        catch (IssuerProblemException e) {
            response.setStatus(IssuerProblems.status(e).value());
            model.addAttribute("credentialsError", e.words(messages, LocaleContextHolder.getLocale()));
        }
        return page(issuer.get(), model);
    }

    @PostMapping("/certificate")
    String replaceCertificate(Authentication authentication, @RequestParam(required = false) String signingCertificatePem,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<IssuerId> issuer = sessions.current(authentication, request, response);
        if (issuer.isEmpty()) {
            return "redirect:/issuer/login?ended";
        }
        try {
            registrations.replaceCertificate(issuer.get(), signingCertificatePem);
            return "redirect:/issuer?certificateReplaced";
        }
        catch (IssuerProblemException e) {
            response.setStatus(IssuerProblems.status(e).value());
            model.addAttribute("certificateError", e.words(messages, LocaleContextHolder.getLocale()));
            return page(issuer.get(), model);
        }
    }

    /**
     * A ZIP of pushes to publish in the background. Sent by htmx (with an upload progress bar) it answers
     * the list of uploads; sent as a plain form, it goes back to the portal.
     */
    @PostMapping(path = "/bulk", consumes = "multipart/form-data")
    String uploadBulk(Authentication authentication, @RequestParam(name = "zip", required = false) MultipartFile zip,
            HttpServletRequest request, HttpServletResponse response, Model model) throws java.io.IOException {
        Optional<IssuerId> issuer = sessions.current(authentication, request, response);
        if (issuer.isEmpty()) {
            return "redirect:/issuer/login?ended";
        }
        boolean htmx = request.getHeader("HX-Request") != null;
        if (zip == null || zip.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("bulkError", messages.getMessage("issuer.bulk.refused.no_file", null,
                    LocaleContextHolder.getLocale()));
        }
        else {
            try (var content = zip.getInputStream()) {
                bulk.upload(issuer.get(), content);
                if (!htmx) {
                    return "redirect:/issuer#bulk";
                }
            }
            catch (BulkRefusedException e) {
                response.setStatus(switch (e.kind()) {
                    case TOO_LARGE -> 413;
                    case INVALID -> 400;
                    default -> 409;
                });
                model.addAttribute("bulkError", messages.getMessage("issuer.bulk.refused." + e.code(), e.arguments(),
                        e.getMessage(), LocaleContextHolder.getLocale()));
            }
        }
        if (htmx) {
            return uploads(issuer.get(), model);
        }
        return page(issuer.get(), model);
    }

    /** The list of uploads and their progress; the page polls it while one is still running. */
    @GetMapping("/bulk")
    String bulkUploads(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        Optional<IssuerId> issuer = sessions.current(authentication, request, response);
        if (issuer.isEmpty()) {
            return "redirect:/issuer/login?ended";
        }
        return uploads(issuer.get(), model);
    }

    @GetMapping("/bulk/{bulkId}/report")
    void bulkReport(Authentication authentication, @PathVariable String bulkId, HttpServletRequest request,
            HttpServletResponse response) throws java.io.IOException {
        Optional<IssuerId> issuer = sessions.current(authentication, request, response);
        BulkId id = BulkId.parse(bulkId).orElse(null);
        if (issuer.isEmpty() || id == null || bulk.status(issuer.get(), id).isEmpty()) {
            response.sendError(404);
            return;
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"bulk-" + id + "-report.csv\"");
        var out = new java.io.OutputStreamWriter(response.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8);
        bulk.writeReport(issuer.get(), id, out);
        out.flush();
    }

    private String uploads(IssuerId issuer, Model model) {
        addUploads(issuer, model);
        return "issuer/portal :: uploads";
    }

    private String page(IssuerId issuer, Model model) {
        model.addAttribute("issuer", portal.overview(issuer).orElseThrow());
        addUploads(issuer, model);
        return "issuer/portal";
    }

    private void addUploads(IssuerId issuer, Model model) {
        var uploads = bulk.recent(issuer, 10);
        model.addAttribute("uploads", uploads);
        model.addAttribute("bulkRunning", uploads.stream()
                .anyMatch(upload -> "QUEUED".equals(upload.status()) || "RUNNING".equals(upload.status())));
    }
}
