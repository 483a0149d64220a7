package org.tijori.sharing.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.sharing.DocumentSharing;
import org.tijori.sharing.DocumentSharing.Admitted;
import org.tijori.sharing.DocumentSharing.Arrival;
import org.tijori.sharing.DocumentSharing.CodeRequired;
import org.tijori.sharing.DocumentSharing.Content;
import org.tijori.sharing.DocumentSharing.Gone;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The recipient's pages, {@code /s/{token}}, for anyone with the link, without signing in: the access code form
 * when the link has one, then the documents with their status, their pictures and (when allowed) their downloads.
 * A visit is kept in a cookie limited to the link's own path. Ended links answer 410, unknown ones 404.
 */
@Controller
class ShareLinkController {

    static final String VISIT_COOKIE = "tijori_share_visit";

    private final DocumentSharing sharing;

    ShareLinkController(DocumentSharing sharing) {
        this.sharing = sharing;
    }

    @GetMapping("/s/{token}")
    ModelAndView open(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        Arrival arrival = sharing.arrive(token, visit(request), request.getRemoteAddr(),
                request.getHeader(HttpHeaders.USER_AGENT));
        return page(token, arrival, request, response);
    }

    @PostMapping("/s/{token}")
    ModelAndView code(@PathVariable String token, @RequestParam(required = false) String accessCode,
            HttpServletRequest request, HttpServletResponse response) {
        Arrival arrival = sharing.enterCode(token, accessCode, request.getRemoteAddr(),
                request.getHeader(HttpHeaders.USER_AGENT));
        if (arrival instanceof Admitted admitted) {
            keepVisit(token, admitted, request, response);
            // Post, redirect, get: reloading the documents' page must not send the code again.
            ModelAndView redirect = new ModelAndView("redirect:/s/" + token);
            redirect.setStatus(HttpStatus.SEE_OTHER);
            return redirect;
        }
        return page(token, arrival, request, response);
    }

    @GetMapping("/s/{token}/{index}/view")
    void view(@PathVariable String token, @PathVariable int index, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Content content = sharing.content(token, visit(request), index, false, request.getRemoteAddr(),
                request.getHeader(HttpHeaders.USER_AGENT));
        send(response, content, false);
    }

    @GetMapping("/s/{token}/{index}/download")
    void download(@PathVariable String token, @PathVariable int index, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Content content = sharing.content(token, visit(request), index, true, request.getRemoteAddr(),
                request.getHeader(HttpHeaders.USER_AGENT));
        send(response, content, true);
    }

    private ModelAndView page(String token, Arrival arrival, HttpServletRequest request, HttpServletResponse response) {
        ModelAndView page;
        if (arrival instanceof Admitted admitted) {
            keepVisit(token, admitted, request, response);
            page = new ModelAndView("sharing/link");
            page.addObject("share", admitted.view());
            page.addObject("token", token);
            page.addObject("withoutSession", true);
        }
        else if (arrival instanceof CodeRequired required) {
            page = new ModelAndView("sharing/code");
            page.addObject("sender", required.senderName());
            page.addObject("wrong", required.wrong());
            page.addObject("triesLeft", required.triesLeft());
            page.addObject("token", token);
            if (required.wrong()) {
                page.setStatus(HttpStatus.BAD_REQUEST);
            }
        }
        else if (arrival instanceof Gone gone) {
            page = new ModelAndView("sharing/gone");
            page.addObject("state", gone.state().name());
            page.addObject("withoutSession", true);
            page.setStatus(HttpStatus.GONE);
        }
        else {
            page = new ModelAndView("sharing/unknown");
            page.addObject("withoutSession", true);
            page.setStatus(HttpStatus.NOT_FOUND);
        }
        return page;
    }

    private static void keepVisit(String token, Admitted admitted, HttpServletRequest request,
            HttpServletResponse response) {
        if (admitted.newVisit() == null) {
            return;
        }
        Cookie cookie = new Cookie(VISIT_COOKIE, admitted.newVisit());
        cookie.setPath(request.getContextPath() + "/s/" + token);
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
    }

    private static String visit(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie cookie : request.getCookies()) {
            if (VISIT_COOKIE.equals(cookie.getName()) && cookie.getValue() != null && cookie.getValue().length() <= 64) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /**
     * Sends a document streamed, typed as stored, never sniffed; a download as an attachment, a picture inline in a
     * sandbox so that nothing in it runs.
     */
    private static void send(HttpServletResponse response, Content content, boolean download) throws IOException {
        try (var stream = content.stream()) {
            response.setContentType(content.mediaType());
            if (content.size() >= 0) {
                response.setContentLengthLong(content.size());
            }
            ContentDisposition disposition = (download ? ContentDisposition.attachment() : ContentDisposition.inline())
                    .filename(content.name(), StandardCharsets.UTF_8).build();
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, disposition.toString());
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
            stream.transferTo(response.getOutputStream());
        }
    }
}
