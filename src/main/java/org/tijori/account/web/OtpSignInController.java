package org.tijori.account.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.InvalidInputException;
import org.tijori.account.MobileNumber;
import org.tijori.account.OtpCheck;
import org.tijori.account.OtpPages;
import org.tijori.account.OtpPurpose;
import org.tijori.account.OtpStep;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.SessionSignIn;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in with a code sent to the mobile number, and resetting a forgotten password the same way.
 * A number without a locker gets the same answer as one with a locker; only no SMS leaves.
 */
@Controller
class OtpSignInController {

    static final OtpStep SIGN_IN = new OtpStep("sign-in", OtpPurpose.SIGN_IN, "login.otp.title", "/login/otp",
            "/login");

    static final OtpStep RESET = new OtpStep("reset", OtpPurpose.RESET_PASSWORD, "reset.title", "/login/reset/verify",
            "/login/reset");

    static final String RESET_MOBILE = "tijori.reset.mobile";

    private final OtpPages otp;

    private final ResidentAccounts accounts;

    private final SessionSignIn signIn;

    private final MessageSource messages;

    OtpSignInController(OtpPages otp, ResidentAccounts accounts, SessionSignIn signIn, MessageSource messages) {
        this.otp = otp;
        this.accounts = accounts;
        this.signIn = signIn;
        this.messages = messages;
    }

    @PostMapping("/login/mobile")
    String sendSignInCode(@RequestParam(required = false) String mobile, HttpServletRequest request, Model model) {
        return send(mobile, request, model, SIGN_IN, "login");
    }

    @GetMapping("/login/otp")
    String signInCodeForm(HttpServletRequest request, Model model) {
        return otp.show(request, model, SIGN_IN);
    }

    @PostMapping("/login/otp")
    String checkSignInCode(@RequestParam(required = false) String otp, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        OtpCheck check = this.otp.check(request, SIGN_IN, otp);
        Optional<ResidentAccount> account = check instanceof OtpCheck.Confirmed confirmed
                ? accounts.findByMobile(confirmed.mobile()) : Optional.empty();
        if (account.isPresent()) {
            signIn.signIn(account.get(), "mobile-otp", request, response);
            return "redirect:" + SignInResume.landing(request, "/dashboard");
        }
        return this.otp.form(request, model, SIGN_IN, OtpPages.problem(check));
    }

    @PostMapping("/login/otp/resend")
    String resendSignInCode(HttpServletRequest request, Model model) {
        return otp.resend(request, model, SIGN_IN);
    }

    @GetMapping("/login/reset")
    String resetForm() {
        return "account/reset";
    }

    @PostMapping("/login/reset")
    String sendResetCode(@RequestParam(required = false) String mobile, HttpServletRequest request, Model model) {
        return send(mobile, request, model, RESET, "account/reset");
    }

    @GetMapping("/login/reset/verify")
    String resetCodeForm(HttpServletRequest request, Model model) {
        return otp.show(request, model, RESET);
    }

    @PostMapping("/login/reset/verify")
    String checkResetCode(@RequestParam(required = false) String otp, HttpServletRequest request, Model model) {
        OtpCheck check = this.otp.check(request, RESET, otp);
        if (check instanceof OtpCheck.Confirmed confirmed && accounts.findByMobile(confirmed.mobile()).isPresent()) {
            request.getSession().setAttribute(RESET_MOBILE, confirmed.mobile().value());
            return "redirect:/login/reset/password";
        }
        return this.otp.form(request, model, RESET, OtpPages.problem(check));
    }

    @PostMapping("/login/reset/verify/resend")
    String resendResetCode(HttpServletRequest request, Model model) {
        return otp.resend(request, model, RESET);
    }

    @GetMapping("/login/reset/password")
    String newPasswordForm(HttpServletRequest request) {
        return request.getSession(false) != null && request.getSession(false).getAttribute(RESET_MOBILE) != null
                ? "account/reset-password" : "redirect:/login/reset";
    }

    @PostMapping("/login/reset/password")
    String setNewPassword(@RequestParam(required = false) String password, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Object mobile = request.getSession(false) == null ? null : request.getSession(false).getAttribute(RESET_MOBILE);
        if (mobile == null) {
            return "redirect:/login/reset";
        }
        try {
            ResidentAccount account = accounts.resetPassword(new MobileNumber((String) mobile), password);
            request.getSession().removeAttribute(RESET_MOBILE);
            signIn.signOutEverywhere(account.id());
            signIn.signIn(account, "password-reset", request, response);
            return "redirect:/profile?passwordReset";
        }
        catch (org.tijori.account.AccountProblemException e) {
            model.addAttribute("error", e.words(messages, LocaleContextHolder.getLocale()));
            return "account/reset-password";
        }
    }

    private String send(String typed, HttpServletRequest request, Model model, OtpStep step, String formView) {
        MobileNumber mobile;
        try {
            mobile = MobileNumber.parse(typed);
        }
        catch (IllegalArgumentException e) {
            model.addAttribute("mobileError", InvalidInputException.words(e, messages, LocaleContextHolder.getLocale()));
            model.addAttribute("mobile", typed);
            return formView;
        }
        boolean hasLocker = accounts.findByMobile(mobile).isPresent();
        String problem = otp.send(request, step, mobile, null, hasLocker);
        if (problem != null) {
            model.addAttribute("mobileError", problem);
            model.addAttribute("mobile", typed);
            return formView;
        }
        return "redirect:" + step.action();
    }
}
