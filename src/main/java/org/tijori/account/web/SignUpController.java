package org.tijori.account.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.tijori.InvalidInputException;
import org.tijori.account.AccountProblemException;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Creating a locker: a mobile number, the code sent to it, then a username and a password.
 */
@Controller
@RequestMapping("/signup")
class SignUpController {

    static final OtpStep STEP = new OtpStep("signup", OtpPurpose.SIGN_UP, "signup.title", "/signup/verify",
            "/signup");

    static final String PROVEN_MOBILE = "tijori.signup.mobile";

    private final OtpPages otp;

    private final ResidentAccounts accounts;

    private final SessionSignIn signIn;

    private final MessageSource messages;

    SignUpController(OtpPages otp, ResidentAccounts accounts, SessionSignIn signIn, MessageSource messages) {
        this.otp = otp;
        this.accounts = accounts;
        this.signIn = signIn;
        this.messages = messages;
    }

    @GetMapping
    String mobileForm() {
        return "account/signup";
    }

    @PostMapping
    String sendCode(@RequestParam(required = false) String mobile, HttpServletRequest request, Model model) {
        MobileNumber number;
        try {
            number = MobileNumber.parse(mobile);
        }
        catch (IllegalArgumentException e) {
            model.addAttribute("error", InvalidInputException.words(e, messages, LocaleContextHolder.getLocale()));
            model.addAttribute("mobile", mobile);
            return "account/signup";
        }
        // Sent whether or not the number has a locker: the answer must not tell.
        String problem = otp.send(request, STEP, number, null, true);
        if (problem != null) {
            model.addAttribute("error", problem);
            model.addAttribute("mobile", mobile);
            return "account/signup";
        }
        return "redirect:/signup/verify";
    }

    @GetMapping("/verify")
    String codeForm(HttpServletRequest request, Model model) {
        return otp.show(request, model, STEP);
    }

    @PostMapping("/verify")
    String checkCode(@RequestParam(required = false) String otp, HttpServletRequest request, Model model) {
        OtpCheck check = this.otp.check(request, STEP, otp);
        if (check instanceof OtpCheck.Confirmed confirmed) {
            request.getSession().setAttribute(PROVEN_MOBILE, confirmed.mobile().value());
            return "redirect:/signup/account";
        }
        return this.otp.form(request, model, STEP, OtpPages.problem(check));
    }

    @PostMapping("/verify/resend")
    String resend(HttpServletRequest request, Model model) {
        return otp.resend(request, model, STEP);
    }

    @GetMapping("/account")
    String accountForm(HttpServletRequest request, Model model) {
        if (provenMobile(request) == null) {
            return "redirect:/signup";
        }
        return "account/signup-account";
    }

    @PostMapping("/account")
    String create(@RequestParam(required = false) String username, @RequestParam(required = false) String password,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        MobileNumber mobile = provenMobile(request);
        if (mobile == null) {
            return "redirect:/signup";
        }
        try {
            ResidentAccount account = accounts.signUp(mobile, username, password);
            request.getSession().removeAttribute(PROVEN_MOBILE);
            signIn.signIn(account, "sign-up", request, response);
            return "redirect:" + SignInResume.landing(request, "/dashboard?welcome");
        }
        catch (AccountProblemException e) {
            model.addAttribute("error", e.words(messages, LocaleContextHolder.getLocale()));
            model.addAttribute("errorField", e.field());
            model.addAttribute("username", username);
            return "account/signup-account";
        }
    }

    private static MobileNumber provenMobile(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object mobile = session == null ? null : session.getAttribute(PROVEN_MOBILE);
        return mobile == null ? null : new MobileNumber((String) mobile);
    }
}
