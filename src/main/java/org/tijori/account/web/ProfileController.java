package org.tijori.account.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.InvalidInputException;
import org.tijori.account.AccountProblemException;
import org.tijori.account.MobileNumber;
import org.tijori.account.OtpCheck;
import org.tijori.account.OtpPages;
import org.tijori.account.OtpPurpose;
import org.tijori.account.OtpStep;
import org.tijori.account.RateLimitedException;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.ResidentPrincipal;
import org.tijori.account.SessionSignIn;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A resident's own account: what it is, and the changes that need the password again (a new
 * password, a new mobile number, signing out everywhere, deleting the account).
 */
@Controller
@RequestMapping("/profile")
class ProfileController {

    static final OtpStep MOBILE_STEP = new OtpStep("change-mobile", OtpPurpose.CHANGE_MOBILE, "profile.mobile.title", "/profile/mobile/verify",
            "/profile");

    private final ResidentAccounts accounts;

    private final SessionSignIn sessions;

    private final OtpPages otp;

    private final MessageSource messages;

    ProfileController(ResidentAccounts accounts, SessionSignIn sessions, OtpPages otp, MessageSource messages) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.otp = otp;
        this.messages = messages;
    }

    @GetMapping
    String profile(@AuthenticationPrincipal ResidentPrincipal resident, Model model) {
        model.addAttribute("account", accounts.find(resident.accountId()).orElseThrow());
        return "account/profile";
    }

    @PostMapping("/password")
    String changePassword(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(required = false) String currentPassword, @RequestParam(required = false) String newPassword,
            HttpServletRequest request, HttpServletResponse response, Locale locale, Model model) {
        try {
            accounts.changePassword(resident.accountId(), currentPassword, newPassword, request.getRemoteAddr());
            sessions.endOtherSessions(resident.accountId(), request.getSession().getId());
            return "redirect:/profile?passwordChanged";
        }
        catch (AccountProblemException e) {
            model.addAttribute("passwordError", e.words(messages, LocaleContextHolder.getLocale()));
            return profile(resident, model);
        }
        catch (RateLimitedException e) {
            model.addAttribute("passwordError", throttled(response, locale));
            return profile(resident, model);
        }
    }

    @PostMapping("/mobile")
    String sendMobileCode(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(required = false) String password, @RequestParam(required = false) String mobile,
            HttpServletRequest request, HttpServletResponse response, Locale locale, Model model) {
        try {
            if (!accounts.passwordMatches(resident.accountId(), password, request.getRemoteAddr())) {
                model.addAttribute("mobileError", "The password is not right.");
                return profile(resident, model);
            }
        }
        catch (RateLimitedException e) {
            model.addAttribute("mobileError", throttled(response, locale));
            return profile(resident, model);
        }
        MobileNumber number;
        try {
            number = MobileNumber.parse(mobile);
        }
        catch (IllegalArgumentException e) {
            model.addAttribute("mobileError", InvalidInputException.words(e, messages, LocaleContextHolder.getLocale()));
            return profile(resident, model);
        }
        String problem = otp.send(request, MOBILE_STEP, number,
                resident.accountId().toString(), true);
        if (problem != null) {
            model.addAttribute("mobileError", problem);
            return profile(resident, model);
        }
        return "redirect:/profile/mobile/verify";
    }

    @GetMapping("/mobile/verify")
    String mobileCodeForm(HttpServletRequest request, Model model) {
        return otp.show(request, model, MOBILE_STEP);
    }

    @PostMapping("/mobile/verify")
    String checkMobileCode(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(required = false) String otp, HttpServletRequest request, Model model) {
        OtpCheck check = this.otp.check(request, MOBILE_STEP, otp);
        if (check instanceof OtpCheck.Confirmed confirmed
                && resident.accountId().toString().equals(confirmed.subject())) {
            try {
                accounts.changeMobile(resident.accountId(), confirmed.mobile());
                // The mobile number signs in and resets the password: no other session outlives its change.
                sessions.endOtherSessions(resident.accountId(), request.getSession().getId());
                return "redirect:/profile?mobileChanged";
            }
            catch (AccountProblemException e) {
                model.addAttribute("mobileError", e.words(messages, LocaleContextHolder.getLocale()));
                return profile(resident, model);
            }
        }
        return this.otp.form(request, model, MOBILE_STEP, OtpPages.problem(check));
    }

    @PostMapping("/mobile/verify/resend")
    String resendMobileCode(HttpServletRequest request, Model model) {
        return otp.resend(request, model, MOBILE_STEP);
    }

    @PostMapping("/sign-out-everywhere")
    String signOutEverywhere(@AuthenticationPrincipal ResidentPrincipal resident, HttpServletRequest request,
            HttpServletResponse response) {
        sessions.signOutEverywhere(resident.accountId());
        new SecurityContextLogoutHandler().logout(request, response, null);
        return "redirect:/login?signedOutEverywhere";
    }

    @PostMapping("/delete")
    String delete(@AuthenticationPrincipal ResidentPrincipal resident, @RequestParam(required = false) String password,
            @RequestParam(required = false) String confirm, HttpServletRequest request, HttpServletResponse response,
            Locale locale, Model model) {
        if (!"yes".equals(confirm)) {
            model.addAttribute("deleteError", "Tick the box to confirm that you understand what is deleted.");
            return profile(resident, model);
        }
        try {
            accounts.scheduleDeletion(resident.accountId(), password, request.getRemoteAddr());
        }
        catch (AccountProblemException e) {
            model.addAttribute("deleteError", e.words(messages, LocaleContextHolder.getLocale()));
            return profile(resident, model);
        }
        catch (RateLimitedException e) {
            model.addAttribute("deleteError", throttled(response, locale));
            return profile(resident, model);
        }
        sessions.signOutEverywhere(resident.accountId());
        new SecurityContextLogoutHandler().logout(request, response, null);
        return "redirect:/?accountDeleted";
    }

    /** The password was not even compared: the page says so, with 429 for programs that read the status. */
    private String throttled(HttpServletResponse response, Locale locale) {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        return messages.getMessage("profile.password.throttled", null, locale);
    }
}
