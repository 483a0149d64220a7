package org.tijori.web;

import java.util.concurrent.atomic.AtomicBoolean;

import org.tijori.audit.AuditTrail;
import org.tijori.gateway.RequesterRegistrations;
import org.tijori.issuer.IssuerApprovals;
import org.tijori.storage.KeyRotation;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Where an administrator lands after signing in: issuers and requesters waiting for a decision, the state of
 * the activity trail's chain as last checked (checking it reads every entry, so a page view does not), and the
 * last key rotation. Security lets only administrators with their second factor in.
 */
@Controller
class AdministrationController {

    private final IssuerApprovals issuers;

    private final RequesterRegistrations requesters;

    private final AuditTrail trail;

    private final KeyRotation keyRotation;

    /** A check reads the whole chain: one at a time on this node, however often the button is pressed. */
    final AtomicBoolean checking = new AtomicBoolean();

    AdministrationController(IssuerApprovals issuers, RequesterRegistrations requesters, AuditTrail trail,
            KeyRotation keyRotation) {
        this.issuers = issuers;
        this.requesters = requesters;
        this.trail = trail;
        this.keyRotation = keyRotation;
    }

    @GetMapping("/admin")
    String overview(Model model) {
        model.addAttribute("issuersWaiting", issuers.waiting());
        model.addAttribute("requestersWaiting", requesters.waitingForApproval());
        model.addAttribute("chainCheck", trail.lastCheck().orElse(null));
        model.addAttribute("keyRotation", keyRotation.latest().orElse(null));
        return "admin";
    }

    /** Checks the whole chain now, as the background job does every hour, and shows the outcome. */
    @PostMapping("/admin/audit/verify")
    String verifyChain() {
        if (!checking.compareAndSet(false, true)) {
            return "redirect:/admin?checking";
        }
        try {
            trail.verify();
        }
        finally {
            checking.set(false);
        }
        return "redirect:/admin?checked";
    }
}
