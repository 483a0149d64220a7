package org.tijori.audit.web;

import java.security.Principal;
import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.tijori.audit.ActivitySlice;
import org.tijori.audit.AuditTrail;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The signed-in resident's activity as JSON, for mobile apps: the same lines as the page, in the
 * language the request asks for.
 */
@RestController
@Tag(name = "Locker", description = "The signed-in resident's issued and uploaded documents")
class ActivityApiController {

    static final int MAX_SIZE = 200;

    private final AuditTrail trail;

    private final ActivityView view;

    private final MessageSource messages;

    ActivityApiController(AuditTrail trail, ActivityView view, MessageSource messages) {
        this.trail = trail;
        this.view = view;
        this.messages = messages;
    }

    /**
     * A page of activity.
     *
     * @param next the {@code before} of the next (older) page, null on the last one
     */
    record ActivityPage(List<ActivityItem> entries, Long next) {
    }

    @GetMapping("/api/v1/locker/activity")
    @Operation(summary = "The resident's activity", description = "Newest first: sign-ins, uploads, downloads, "
            + "deliveries, national-ID links. Pass the answer's `next` as `before` for older entries.")
    ActivityPage activity(Principal resident,
            @Parameter(description = "account, uploads, downloads, issued, identity or all")
            @RequestParam(required = false) String kind,
            @Parameter(description = "first day, yyyy-MM-dd, India Standard Time") @RequestParam(required = false) String from,
            @Parameter(description = "last day, yyyy-MM-dd, included") @RequestParam(required = false) String to,
            @RequestParam(required = false) String before,
            @Parameter(description = "1 to 200, 50 by default") @RequestParam(defaultValue = "50") int size,
            Locale locale) {
        ActivityQuery query;
        try {
            query = ActivityQuery.parse(kind, from, to, before);
        }
        catch (ActivityQuery.Invalid e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, messages.getMessage(e.key(), null, locale));
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "size must be between 1 and " + MAX_SIZE);
        }
        String account = resident.getName();
        ActivitySlice slice = trail.residentActivity(account, query.filter(), query.before(), size);
        return new ActivityPage(slice.entries().stream().map(entry -> view.item(entry, account, locale)).toList(),
                slice.next());
    }
}
