package org.tijori.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.tijori.InvalidInputException;
import org.tijori.account.MobileNumber;
import org.tijori.account.OtpCheck;
import org.tijori.account.OtpPages;
import org.tijori.account.OtpPurpose;
import org.tijori.account.OtpStep;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.SessionSignIn;
import org.tijori.identity.ExternalAccounts;
import org.tijori.identity.ExternalSignIn;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The first sign-in with an external account: the person proves the mobile number of their locker
 * by OTP, and the external account is linked to that locker.
 */
@Controller
@RequestMapping("/login/external")
class ExternalLinkController {

    static final OtpStep STEP = new OtpStep("link-external", OtpPurpose.LINK_EXTERNAL_ACCOUNT, "external.title", "/login/external/verify",
            "/login");

    private final OtpPages otp;

    private final ResidentAccounts accounts;

    private final ExternalAccounts external;

    private final SessionSignIn signIn;

    private final MessageSource messages;

    ExternalLinkController(OtpPages otp, ResidentAccounts accounts, ExternalAccounts external, SessionSignIn signIn,
            MessageSource messages) {
        this.otp = otp;
        this.accounts = accounts;
        this.external = external;
        this.signIn = signIn;
        this.messages = messages;
    }

    @GetMapping
    String mobileForm(HttpServletRequest request, Model model) {
        ExternalSignIn.Pending pending = pending(request);
        if (pending == null) {
            return "redirect:/login";
        }
        model.addAttribute("provider", pending.provider());
        return "identity/external-link";
    }

    @PostMapping
    String sendCode(@RequestParam(required = false) String mobile, HttpServletRequest request, Model model) {
        ExternalSignIn.Pending pending = pending(request);
        if (pending == null) {
            return "redirect:/login";
        }
        model.addAttribute("provider", pending.provider());
        MobileNumber number;
        try {
            number = MobileNumber.parse(mobile);
        }
        catch (IllegalArgumentException e) {
            model.addAttribute("mobileError", InvalidInputException.words(e, messages, LocaleContextHolder.getLocale()));
            return "identity/external-link";
        }
        boolean hasLocker = accounts.findByMobile(number).isPresent();
        String problem = otp.send(request, STEP, number, null, hasLocker);
        if (problem != null) {
            model.addAttribute("mobileError", problem);
            return "identity/external-link";
        }
        return "redirect:/login/external/verify";
    }

    @GetMapping("/verify")
    String codeForm(HttpServletRequest request, Model model) {
        if (pending(request) == null || !otp.started(request, STEP)) {
            return "redirect:/login";
        }
        return otp.form(request, model, STEP, null);
    }

    @PostMapping("/verify")
    String checkCode(@RequestParam(required = false) String otp, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        ExternalSignIn.Pending pending = pending(request);
        if (pending == null) {
            return "redirect:/login";
        }
        OtpCheck check = this.otp.check(request, STEP, otp);
        if (check instanceof OtpCheck.Confirmed confirmed) {
            var account = accounts.findByMobile(confirmed.mobile());
            if (account.isPresent()) {
                external.link(pending.provider(), pending.subject(), account.get().id());
                request.getSession().removeAttribute(ExternalSignIn.PENDING);
                signIn.signIn(account.get(), "oidc:" + pending.provider(), request, response);
                return "redirect:/profile?externalLinked";
            }
        }
        return this.otp.form(request, model, STEP, OtpPages.problem(check));
    }

    @PostMapping("/verify/resend")
    String resend(HttpServletRequest request, Model model) {
        return otp.resend(request, model, STEP);
    }

    private static ExternalSignIn.Pending pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (ExternalSignIn.Pending) session.getAttribute(ExternalSignIn.PENDING);
    }
}
