package org.tijori.identity.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.web.SignInResume;
import org.tijori.account.AccountId;
import org.tijori.account.OtpCheck;
import org.tijori.account.OtpPages;
import org.tijori.account.OtpPurpose;
import org.tijori.account.OtpStep;
import org.tijori.account.RateLimitedException;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.SessionSignIn;
import org.tijori.identity.NationalIdLinks;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in with a national ID and a code sent to the mobile number the ID authority holds for it.
 * A national ID linked to no locker, or unknown to the authority, gets the same answer in the same time; only
 * no SMS leaves.
 */
@Controller
@RequestMapping("/login/national-id")
class NationalIdSignInController {

    /** The person has proven nothing yet: the page names no number, not even its last digits. */
    static final OtpStep STEP = new OtpStep("national-id-sign-in", OtpPurpose.NATIONAL_ID_SIGN_IN, "login.uid.title", "/login/national-id/verify",
            "/login", "otp.sentToRegistered");

    private final NationalIdLinks links;

    private final ResidentAccounts accounts;

    private final SessionSignIn signIn;

    private final OtpPages otp;

    private final MessageSource messages;

    NationalIdSignInController(NationalIdLinks links, ResidentAccounts accounts, SessionSignIn signIn, OtpPages otp,
            MessageSource messages) {
        this.links = links;
        this.accounts = accounts;
        this.signIn = signIn;
        this.otp = otp;
        this.messages = messages;
    }

    @PostMapping
    String sendCode(@RequestParam(required = false) String uid, HttpServletRequest request,
            HttpServletResponse response, Locale locale, Model model) {
        NationalIdLinks.SignInRequest signInRequest;
        try {
            signInRequest = links.requestSignIn(uid, request.getRemoteAddr());
        }
        catch (RateLimitedException e) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            model.addAttribute("uidError", messages.getMessage("login.uid.tooMany", null, locale));
            model.addAttribute("uid", NationalIdController.typed(uid));
            return "login";
        }
        catch (IllegalArgumentException e) {
            model.addAttribute("uidError", NationalIdController.message(e, messages, locale));
            model.addAttribute("uid", NationalIdController.typed(uid));
            return "login";
        }
        AccountId account = signInRequest.account();
        String problem = otp.send(request, STEP, signInRequest.mobile(), account == null ? null : account.toString(),
                signInRequest.deliver());
        if (problem != null) {
            model.addAttribute("uidError", problem);
            model.addAttribute("uid", NationalIdController.typed(uid));
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
                return "redirect:" + SignInResume.landing(request, "/dashboard");
            }
        }
        return this.otp.form(request, model, STEP, OtpPages.problem(check));
    }

    @PostMapping("/verify/resend")
    String resend(HttpServletRequest request, Model model) {
        return otp.resend(request, model, STEP);
    }
}
