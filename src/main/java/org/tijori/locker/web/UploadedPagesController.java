package org.tijori.locker.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.AccountId;
import org.tijori.account.ResidentPrincipal;
import org.tijori.locker.DocumentKind;
import org.tijori.locker.FolderId;
import org.tijori.locker.LockerProblemException;
import org.tijori.locker.UploadId;
import org.tijori.locker.UploadedDocument;
import org.tijori.locker.UploadedDocuments;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * Uploaded Documents: upload one or several files, give them a type, rename them, put them in folders,
 * download them, and delete them through a recycle bin. Every form posts and redirects back, so the
 * page works without JavaScript; with it, uploads show their progress.
 */
@Controller
@RequestMapping("/locker/uploaded")
class UploadedPagesController {

    private final UploadedDocuments uploads;

    private final MessageSource messages;

    UploadedPagesController(UploadedDocuments uploads, MessageSource messages) {
        this.uploads = uploads;
        this.messages = messages;
    }

    @GetMapping
    String list(@AuthenticationPrincipal ResidentPrincipal resident, @RequestParam(required = false) String folder,
            @RequestParam(required = false) String bin, @RequestParam(required = false) Integer uploaded,
            @RequestParam(required = false) String signed, @RequestParam(required = false) String esignOver,
            @RequestParam(required = false) String q, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String emptied, Locale locale, Model model) {
        if (emptied != null && emptied.matches("[0-9]{1,6}")) {
            model.addAttribute("emptied", Integer.parseInt(emptied));
        }
        model.addAttribute("uploaded", uploaded);
        if (signed != null) {
            UploadId.parse(signed).flatMap(id -> uploads.find(resident.accountId(), id))
                    .ifPresent(document -> model.addAttribute("signedDocument", document));
        }
        if (esignOver != null) {
            // Only a problem the pages have words for; anything else a link may carry says the signing is over.
            String key = "esign.problem." + esignOver;
            model.addAttribute("esignProblemKey", esignOver.matches("[a-z-]{1,40}")
                    && messages.getMessage(key, null, null, locale) != null ? key : "esign.problem.over");
        }
        return page(resident.accountId(), folder(resident.accountId(), folder), bin != null, UploadedListing.of(q, sort),
                model);
    }

    /**
     * Uploads the chosen files. {@code type} sets the type of every file; {@code types}, when the page's script
     * offers a choice for each file, sets the type of the file at the same place in the list, a blank one leaving
     * that file to {@code type}.
     */
    @PostMapping
    String upload(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(name = "file", required = false) List<MultipartFile> files,
            @RequestParam(required = false) String folder, @RequestParam(required = false) String type,
            @RequestParam(name = "types", required = false) List<String> types,
            HttpServletResponse response, Locale locale, Model model) throws IOException {
        AccountId account = resident.accountId();
        FolderId into = folder(account, folder);
        List<MultipartFile> chosen = files == null ? List.of()
                : files.stream().filter(file -> !file.isEmpty() || file.getOriginalFilename() != null
                        && !file.getOriginalFilename().isBlank()).toList();
        if (chosen.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("uploadError", List.of(new Problem(null,
                    messages.getMessage("locker.problem.no-file", null, locale))));
            return page(account, into, false, model);
        }
        DocumentKind kind = DocumentKind.fromCode(type).orElse(null);
        List<Problem> problems = new java.util.ArrayList<>();
        int stored = 0;
        HttpStatus status = null;
        for (MultipartFile file : chosen) {
            int place = files.indexOf(file);
            String own = types == null || place >= types.size() ? null : types.get(place);
            DocumentKind fileKind = own == null || own.isBlank() ? kind : DocumentKind.fromCode(own).orElse(kind);
            try (InputStream content = file.getInputStream()) {
                uploads.upload(account, file.getOriginalFilename(), file.getSize(), content, into, fileKind);
                stored++;
            }
            catch (LockerProblemException e) {
                problems.add(new Problem(file.getOriginalFilename(), reason(e, locale)));
                status = status == null ? LockerProblems.statusOf(e.kind()) : status;
            }
        }
        if (problems.isEmpty()) {
            return "redirect:/locker/uploaded?uploaded=" + stored + (into == null ? "" : "&folder=" + into);
        }
        response.setStatus(status.value());
        model.addAttribute("uploadError", problems);
        model.addAttribute("uploadedCount", stored);
        return page(account, into, false, model);
    }

    @GetMapping("/{id}/download")
    void download(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            HttpServletResponse response) throws IOException {
        UploadedDocuments.Download download = uploads.open(resident.accountId(), id(id));
        Downloads.send(response, download.name(), download.mediaType(), download.size(), download.content());
    }

    /**
     * The document shown in the browser rather than saved: a PDF in the browser's viewer, a picture in a sandbox so
     * that nothing in it runs. Its type was judged by its content at upload, and the browser may not sniff another.
     */
    @GetMapping("/{id}/view")
    void view(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            HttpServletResponse response) throws IOException {
        UploadedDocuments.Download download = uploads.open(resident.accountId(), id(id));
        Downloads.show(response, download.name(), download.mediaType(), download.size(), download.content());
    }

    @GetMapping("/{id}/thumbnail")
    void thumbnail(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            HttpServletResponse response) throws IOException {
        Optional<byte[]> png;
        try {
            png = uploads.thumbnail(resident.accountId(), id(id));
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

    @PostMapping("/{id}/rename")
    String rename(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            @RequestParam(required = false) String name, HttpServletResponse response, Model model) {
        return act(resident.accountId(), response, model, () -> uploads.rename(resident.accountId(), id(id), name),
                "renamed");
    }

    @PostMapping("/{id}/type")
    String classify(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            @RequestParam(required = false) String type, HttpServletResponse response, Model model) {
        return act(resident.accountId(), response, model, () -> uploads.classify(resident.accountId(), id(id),
                kind(type)), "typed");
    }

    @PostMapping("/{id}/move")
    String move(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            @RequestParam(required = false) String folder, HttpServletResponse response, Model model) {
        return act(resident.accountId(), response, model, () -> uploads.move(resident.accountId(), id(id),
                folder == null || folder.isBlank() ? null : folderId(folder)), "moved");
    }

    @PostMapping("/{id}/delete")
    String delete(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            HttpServletResponse response, Model model) {
        return act(resident.accountId(), response, model, () -> uploads.delete(resident.accountId(), id(id)),
                "deleted");
    }

    @PostMapping("/{id}/restore")
    String restore(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id) {
        uploads.restore(resident.accountId(), id(id));
        return "redirect:/locker/uploaded?restored";
    }

    /**
     * Deletes a document in the recycle bin for good, once the resident ticked the box that says it cannot be
     * undone: without it, the bin again, asking for the tick, and nothing deleted.
     */
    @PostMapping("/{id}/purge")
    String purge(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id,
            @RequestParam(required = false) String confirm, HttpServletResponse response, Model model) {
        UploadId document = id(id);
        if (!"yes".equals(confirm)) {
            uploads.find(resident.accountId(), document).filter(UploadedDocument::inBin)
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                            "There is no such document in your locker."));
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("purgeUnconfirmed", document);
            return page(resident.accountId(), null, true, model);
        }
        uploads.deleteForever(resident.accountId(), document);
        return "redirect:/locker/uploaded?bin&purged";
    }

    /** Deletes for good every document in the recycle bin, once the resident ticked that they mean it. */
    @PostMapping("/bin/empty")
    String emptyBin(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(required = false) String confirm, HttpServletResponse response, Model model) {
        if (!"yes".equals(confirm)) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("emptyUnconfirmed", true);
            return page(resident.accountId(), null, true, model);
        }
        int deleted = uploads.emptyBin(resident.accountId());
        return "redirect:/locker/uploaded?bin&emptied=" + deleted;
    }

    @PostMapping("/folders")
    String createFolder(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(required = false) String name, HttpServletResponse response, Model model) {
        try {
            var folder = uploads.createFolder(resident.accountId(), name);
            return "redirect:/locker/uploaded?folder=" + folder.id();
        }
        catch (LockerProblemException e) {
            response.setStatus(LockerProblems.statusOf(e.kind()).value());
            model.addAttribute("folderError", LockerProblems.words(e, messages, LocaleContextHolder.getLocale()));
            return page(resident.accountId(), null, false, model);
        }
    }

    @PostMapping("/folders/{id}/delete")
    String deleteFolder(@AuthenticationPrincipal ResidentPrincipal resident, @PathVariable String id) {
        uploads.deleteFolder(resident.accountId(), folderId(id));
        return "redirect:/locker/uploaded?folderDeleted";
    }

    /** Why a file was refused, in the reader's words where the page has them. */
    private String reason(LockerProblemException e, Locale locale) {
        if (e.kind() == LockerProblemException.Kind.UNSUPPORTED_TYPE && e.found() != null) {
            return FileKinds.refusal(messages, e.found(), uploads.uploadTypes(), locale);
        }
        return LockerProblems.words(e, messages, locale);
    }

    private String act(AccountId account, HttpServletResponse response, Model model, Runnable action, String done) {
        try {
            action.run();
            return "redirect:/locker/uploaded?" + done;
        }
        catch (LockerProblemException e) {
            if (e.kind() == LockerProblemException.Kind.NOT_FOUND) {
                throw e;
            }
            response.setStatus(LockerProblems.statusOf(e.kind()).value());
            model.addAttribute("actionError", LockerProblems.words(e, messages, LocaleContextHolder.getLocale()));
            return page(account, null, false, model);
        }
    }

    private String page(AccountId account, FolderId folder, boolean bin, Model model) {
        return page(account, folder, bin, UploadedListing.of(null, null), model);
    }

    /** The uploads page: the folder's documents (or the bin's), searched and sorted as {@code listing} asks. */
    private String page(AccountId account, FolderId folder, boolean bin, UploadedListing listing, Model model) {
        model.addAttribute("bin", bin);
        List<UploadedDocument> documents = listing.apply(bin ? uploads.bin(account) : uploads.list(account, folder));
        model.addAttribute("documents", documents);
        model.addAttribute("listing", listing);
        model.addAttribute("orders", UploadedListing.Order.values());
        if (bin) {
            Map<UploadId, Long> daysLeft = new HashMap<>();
            documents.forEach(document -> daysLeft.put(document.id(), uploads.daysLeftInBin(document)));
            model.addAttribute("daysLeft", daysLeft);
        }
        model.addAttribute("folders", uploads.folders(account));
        model.addAttribute("currentFolder", folder == null ? null : uploads.findFolder(account, folder).orElse(null));
        model.addAttribute("usage", uploads.usage(account));
        model.addAttribute("kinds", DocumentKind.values());
        model.addAttribute("accept", String.join(",", uploads.uploadTypes()));
        model.addAttribute("maxUploadBytes", uploads.maxUploadBytes());
        model.addAttribute("binDays", uploads.binDays());
        return "locker/uploaded";
    }

    private FolderId folder(AccountId account, String folder) {
        if (folder == null || folder.isBlank()) {
            return null;
        }
        FolderId id = folderId(folder);
        if (uploads.findFolder(account, id).isEmpty()) {
            throw noSuchFolder();
        }
        return id;
    }

    private static DocumentKind kind(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        return DocumentKind.fromCode(type).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
                "Choose a document type from the list."));
    }

    /** An upload's ID from a path; text that is not one names no document of the resident's. */
    static UploadId id(String id) {
        return UploadId.parse(id).orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no such document in your locker."));
    }

    /** A folder's ID from a path or a form; text that is not one names no folder of the resident's. */
    static FolderId folderId(String id) {
        return FolderId.parse(id).orElseThrow(UploadedPagesController::noSuchFolder);
    }

    private static ResponseStatusException noSuchFolder() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no such folder in your locker.");
    }

    /** Why one file of an upload was refused. */
    record Problem(String file, String message) {
    }
}
