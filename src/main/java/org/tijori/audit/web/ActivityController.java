package org.tijori.audit.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;
import org.tijori.audit.ActivitySlice;
import org.tijori.audit.AuditTrail;

import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The resident's activity page and its CSV download: their own trail, newest first, 25 a page,
 * narrowed by kind and days. The signed-in principal's name is the account; security lets only
 * residents in.
 */
@Controller
class ActivityController {

    static final int PAGE_SIZE = 25;

    private final AuditTrail trail;

    private final ActivityView view;

    private final MessageSource messages;

    ActivityController(AuditTrail trail, ActivityView view, MessageSource messages) {
        this.trail = trail;
        this.view = view;
        this.messages = messages;
    }

    @GetMapping("/activity")
    String activity(Principal resident, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String before, Model model, Locale locale, HttpServletResponse response) {
        model.addAttribute("kinds", ActivityKind.values());
        ActivityQuery query;
        try {
            query = ActivityQuery.parse(kind, from, to, before);
        }
        catch (ActivityQuery.Invalid e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("problem", messages.getMessage(e.key(), null, locale));
            model.addAttribute("kind", kind);
            model.addAttribute("from", from);
            model.addAttribute("to", to);
            model.addAttribute("items", List.of());
            model.addAttribute("older", false);
            return "activity";
        }
        String account = resident.getName();
        ActivitySlice slice = trail.residentActivity(account, query.filter(), query.before(), PAGE_SIZE);
        model.addAttribute("items", slice.entries().stream().map(entry -> view.item(entry, account, locale)).toList());
        model.addAttribute("next", slice.next());
        model.addAttribute("older", query.before() != null);
        model.addAttribute("kind", query.kindParam());
        model.addAttribute("from", query.from());
        model.addAttribute("to", query.to());
        return "activity";
    }

    @GetMapping("/activity.csv")
    void csv(Principal resident, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to, Locale locale,
            HttpServletResponse response) throws IOException {
        ActivityQuery query;
        try {
            query = ActivityQuery.parse(kind, from, to, null);
        }
        catch (ActivityQuery.Invalid e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, messages.getMessage(e.key(), null, locale));
        }
        String account = resident.getName();
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("tijori-activity-" + LocalDate.now(ActivityQuery.INDIA) + ".csv").build().toString());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
        var writer = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        // A byte order mark, so that spreadsheets read the Hindi labels as UTF-8.
        writer.write('\uFEFF');
        var csv = new ActivityCsv(writer);
        csv.header(column("when", locale), column("action", locale), column("activity", locale),
                column("what", locale), column("by", locale), column("ip", locale));
        try {
            trail.eachOfResident(account, query.filter(), entry -> {
                try {
                    csv.line(view.item(entry, account, locale));
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
    }

    private String column(String name, Locale locale) {
        return messages.getMessage("activity.column." + name, null, locale);
    }
}
