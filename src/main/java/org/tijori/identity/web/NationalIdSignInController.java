package org.tijori.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.AccountId;
import org.tijori.account.MobileNumber;
import org.tijori.account.OtpCheck;
import org.tijori.account.OtpPages;
import org.tijori.account.OtpPurpose;
import org.tijori.account.OtpStep;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.SessionSignIn;
import org.tijori.identity.IdentityRecord;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in with a national ID and a code sent to the mobile number the ID authority holds for it.
 * A national ID linked to no locker gets the same answer; only no SMS leaves.
 */
@Controller
@RequestMapping("/login/national-id")
class NationalIdSignInController {

    static final OtpStep STEP = new OtpStep("national-id-sign-in", OtpPurpose.NATIONAL_ID_SIGN_IN, "login.uid.title", "/login/national-id/verify",
            "/login");

    /** Stands in for a mobile number when the authority knows none; no SMS ever goes to it. */
    static final MobileNumber NOBODY = new MobileNumber("9000000000");

    private final NationalIdLinks links;

    private final ResidentAccounts accounts;

    private final SessionSignIn signIn;

    private final OtpPages otp;

    NationalIdSignInController(NationalIdLinks links, ResidentAccounts accounts, SessionSignIn signIn, OtpPages otp) {
        this.links = links;
        this.accounts = accounts;
        this.signIn = signIn;
        this.otp = otp;
    }

    @PostMapping
    String sendCode(@RequestParam(required = false) String uid, HttpServletRequest request, Model model) {
        NationalId nationalId;
        try {
            nationalId = NationalId.parse(uid);
        }
        catch (IllegalArgumentException e) {
            model.addAttribute("uidError", NationalIdController.message(e));
            return "login";
        }
        var account = links.accountOf(nationalId);
        MobileNumber mobile = links.lookUp(nationalId).map(IdentityRecord::mobile).orElse(NOBODY);
        String problem = otp.send(request, STEP, mobile,
                account.map(AccountId::toString).orElse(null), account.isPresent());
        if (problem != null) {
            model.addAttribute("uidError", problem);
            return "login";
        }
        return "redirect:/login/national-id/verify";
    }

    @GetMapping("/verify")
    String codeForm(HttpServletRequest request, Model model) {
        return otp.show(request, model, STEP);
    }

    @PostMapping("/verify")
    String checkCode(@RequestParam(required = false) String otp, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        OtpCheck check = this.otp.check(request, STEP, otp);
        if (check instanceof OtpCheck.Confirmed confirmed && confirmed.subject() != null) {
            var account = accounts.find(AccountId.of(confirmed.subject())).filter(found -> !found.deletionScheduled());
            if (account.isPresent()) {
                signIn.signIn(account.get(), "national-id-otp", request, response);
                return "redirect:/dashboard";
            }
        }
        return this.otp.form(request, model, STEP, OtpPages.problem(check));
    }

    @PostMapping("/verify/resend")
    String resend(HttpServletRequest request, Model model) {
        return otp.resend(request, model, STEP);
    }
}
