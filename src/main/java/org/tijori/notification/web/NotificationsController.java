package org.tijori.notification.web;

import org.tijori.account.ResidentPrincipal;
import org.tijori.notification.NoticePreferences;
import org.tijori.notification.ResidentNotices;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A resident's notices, all of them a page at a time with a button that marks them read, and the settings of which
 * ones also come by text message.
 */
@Controller
class NotificationsController {

    /** Pages past this are not offered: a resident who wants older notices has the activity trail. */
    static final int MAX_PAGE = 200;

    private final ResidentNotices notices;

    NotificationsController(ResidentNotices notices) {
        this.notices = notices;
    }

    @GetMapping("/dashboard/notifications")
    String list(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(name = "page", defaultValue = "0") String page, Model model) {
        int number = pageNumber(page);
        long total = notices.count(resident.accountId());
        model.addAttribute("notices", notices.page(resident.accountId(), number * ResidentNotices.PAGE,
                ResidentNotices.PAGE));
        model.addAttribute("unread", notices.unreadCount(resident.accountId()));
        model.addAttribute("page", number);
        model.addAttribute("hasOlder", (long) (number + 1) * ResidentNotices.PAGE < total && number < MAX_PAGE);
        return "notification/notifications";
    }

    @PostMapping("/dashboard/notifications/read")
    String markAllRead(@AuthenticationPrincipal ResidentPrincipal resident) {
        notices.markAllRead(resident.accountId());
        return "redirect:/dashboard/notifications?read";
    }

    @GetMapping("/dashboard/notifications/settings")
    String settings(@AuthenticationPrincipal ResidentPrincipal resident, Model model) {
        model.addAttribute("preferences", notices.preferences(resident.accountId()));
        return "notification/settings";
    }

    /** An unchecked box is not sent at all: a switch missing from the form is off. */
    @PostMapping("/dashboard/notifications/settings")
    String changeSettings(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(name = "arrivals", defaultValue = "false") String arrivals,
            @RequestParam(name = "withdrawals", defaultValue = "false") String withdrawals,
            @RequestParam(name = "reminders", defaultValue = "false") String reminders,
            @RequestParam(name = "byEmail", defaultValue = "false") String byEmail) {
        notices.changePreferences(resident.accountId(), new NoticePreferences(on(arrivals), on(withdrawals),
                on(reminders), on(byEmail)));
        return "redirect:/dashboard/notifications/settings?saved";
    }

    private static boolean on(String value) {
        return "true".equals(value) || "on".equals(value);
    }

    /** A page number out of range or not a number shows the first page rather than an error. */
    private static int pageNumber(String page) {
        try {
            int number = Integer.parseInt(page.strip());
            return number < 0 || number > MAX_PAGE ? 0 : number;
        }
        catch (NumberFormatException e) {
            return 0;
        }
    }
}
