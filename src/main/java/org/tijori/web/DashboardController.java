package org.tijori.web;

import org.tijori.account.ResidentPrincipal;
import org.tijori.audit.ActivityFilter;
import org.tijori.audit.AuditTrail;
import org.tijori.identity.NationalIdLinks;
import org.tijori.locker.LockerOverview;
import org.tijori.notification.ResidentNotices;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The first page after sign-in: a greeting by the name (and photo) of the linked national ID, the locker at a
 * glance, recent activity, whether a national ID is linked (with a prompt to link one, without which issuers
 * cannot deliver by national ID), and the newest notices about issued documents with how many are unread.
 */
@Controller
class DashboardController {

    static final int RECENT_ACTIVITY = 5;

    static final int RECENT_NOTICES = 5;

    private final LockerOverview overview;

    private final NationalIdLinks nationalIds;

    private final AuditTrail trail;

    private final ResidentNotices notices;

    DashboardController(LockerOverview overview, NationalIdLinks nationalIds, AuditTrail trail,
            ResidentNotices notices) {
        this.overview = overview;
        this.nationalIds = nationalIds;
        this.trail = trail;
        this.notices = notices;
    }

    @GetMapping("/dashboard")
    String dashboard(@AuthenticationPrincipal ResidentPrincipal resident, Model model) {
        model.addAttribute("overview", overview.of(resident.accountId()));
        var nationalId = nationalIds.linkOf(resident.accountId()).orElse(null);
        model.addAttribute("nationalId", nationalId);
        // The greeting shows the photo the ID authority holds, when a national ID is linked and it holds one.
        model.addAttribute("photo", nationalId != null && nationalIds.hasPhoto(resident.accountId()));
        model.addAttribute("activity", trail.residentActivity(resident.accountId().toString(), ActivityFilter.EVERYTHING,
                null, RECENT_ACTIVITY).entries());
        model.addAttribute("warningDays", LockerOverview.EXPIRY_WARNING_DAYS);
        model.addAttribute("notices", notices.latest(resident.accountId(), RECENT_NOTICES));
        model.addAttribute("unreadNotices", notices.unreadCount(resident.accountId()));
        return "dashboard";
    }
}
