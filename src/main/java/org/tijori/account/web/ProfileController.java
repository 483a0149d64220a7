package org.tijori.account.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.tijori.InvalidInputException;
import org.tijori.account.AccountProblemException;
import org.tijori.account.EmailAddress;
import org.tijori.account.EmailAddresses;
import org.tijori.account.LinkedIdentities;
import org.tijori.account.MobileNumber;
import org.tijori.account.OtpCheck;
import org.tijori.account.OtpPages;
import org.tijori.account.OtpPurpose;
import org.tijori.account.OtpResendTooSoonException;
import org.tijori.account.OtpStep;
import org.tijori.account.RateLimitedException;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.ResidentPrincipal;
import org.tijori.account.ResidentSessions;
import org.tijori.account.SessionSignIn;

import org.springframework.beans.factory.ObjectProvider;
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
import org.springframework.web.context.request.RequestContextHolder;

/**
 * A resident's own account: what it is (with the name and photo of a linked national ID), the e-mail address
 * (proven by a code sent to it), the sessions signed in (each of which can be signed out), and the changes that
 * need the password again (a new password, a new mobile number, deleting the account).
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

    private final EmailAddresses emails;

    private final ResidentSessions signedIn;

    private final ObjectProvider<LinkedIdentities> identities;

    ProfileController(ResidentAccounts accounts, SessionSignIn sessions, OtpPages otp, MessageSource messages,
            EmailAddresses emails, ResidentSessions signedIn, ObjectProvider<LinkedIdentities> identities) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.otp = otp;
        this.messages = messages;
        this.emails = emails;
        this.signedIn = signedIn;
        this.identities = identities;
    }

    @GetMapping
    String profile(@AuthenticationPrincipal ResidentPrincipal resident, Model model) {
        model.addAttribute("account", accounts.find(resident.accountId()).orElseThrow());
        model.addAttribute("email", emails.verified(resident.accountId()).orElse(null));
        model.addAttribute("emailWaiting", emails.waiting(resident.accountId()).orElse(null));
        LinkedIdentities linked = identities.getIfAvailable();
        model.addAttribute("identity", linked == null ? null : linked.of(resident.accountId()).orElse(null));
        // A signed-in request has a session: the one of this page, marked in the list.
        model.addAttribute("sessions", signedIn.of(resident.accountId(),
                RequestContextHolder.currentRequestAttributes().getSessionId()));
        return "account/profile";
    }

    @PostMapping("/email")
    String sendEmailCode(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(required = false) String email, HttpServletRequest request, HttpServletResponse response,
            Locale locale, Model model) {
        EmailAddress address;
        try {
            address = EmailAddress.parse(email);
        }
        catch (IllegalArgumentException e) {
            return emailProblem(resident, model, response, HttpStatus.BAD_REQUEST, "profile.email.invalid", locale);
        }
        try {
            emails.sendCode(resident.accountId(), address, locale, request.getRemoteAddr());
        }
        catch (AccountProblemException e) {
            return emailProblem(resident, model, response, HttpStatus.BAD_REQUEST, "profile.email.same", locale);
        }
        catch (RateLimitedException e) {
            return emailProblem(resident, model, response, HttpStatus.TOO_MANY_REQUESTS, "profile.email.tooMany",
                    locale);
        }
        return "redirect:/profile?emailCodeSent#email-title";
    }

    @PostMapping("/email/verify")
    String checkEmailCode(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(required = false) String code, HttpServletResponse response, Locale locale, Model model) {
        OtpCheck check = emails.confirm(resident.accountId(), code);
        if (check instanceof OtpCheck.Confirmed) {
            return "redirect:/profile?emailChanged#email-title";
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        String problem;
        if (check instanceof OtpCheck.Rejected rejected) {
            problem = messages.getMessage("profile.email.code.wrong", new Object[] { rejected.attemptsLeft() }, locale);
        }
        else if (check instanceof OtpCheck.Expired) {
            problem = messages.getMessage("profile.email.code.expired", null, locale);
        }
        else if (check instanceof OtpCheck.Exhausted) {
            problem = messages.getMessage("profile.email.code.exhausted", null, locale);
        }
        else {
            problem = messages.getMessage("profile.email.code.none", null, locale);
        }
        model.addAttribute("emailCodeError", problem);
        return profile(resident, model);
    }

    @PostMapping("/email/resend")
    String resendEmailCode(@AuthenticationPrincipal ResidentPrincipal resident, HttpServletRequest request,
            HttpServletResponse response, Locale locale, Model model) {
        try {
            emails.resend(resident.accountId(), locale, request.getRemoteAddr());
        }
        catch (OtpResendTooSoonException e) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            model.addAttribute("emailCodeError", messages.getMessage("profile.email.code.wait",
                    new Object[] { e.waitFor().toSeconds() }, locale));
            return profile(resident, model);
        }
        catch (RateLimitedException e) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            model.addAttribute("emailCodeError", messages.getMessage("profile.email.tooMany", null, locale));
            return profile(resident, model);
        }
        catch (AccountProblemException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("emailCodeError", messages.getMessage("profile.email.code.none", null, locale));
            return profile(resident, model);
        }
        return "redirect:/profile?emailCodeSent#email-title";
    }

    @PostMapping("/email/cancel")
    String cancelEmail(@AuthenticationPrincipal ResidentPrincipal resident) {
        emails.cancel(resident.accountId());
        return "redirect:/profile#email-title";
    }

    @PostMapping("/email/remove")
    String removeEmail(@AuthenticationPrincipal ResidentPrincipal resident) {
        emails.remove(resident.accountId());
        return "redirect:/profile?emailRemoved#email-title";
    }

    /**
     * Signs one of the resident's other sessions out. A reference to no session of theirs (another's, one already
     * ended, or made up) ends nothing and gets the same answer.
     */
    @PostMapping("/sessions/end")
    String endSession(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(required = false) String session, HttpServletRequest request) {
        HttpSession current = request.getSession(false);
        signedIn.end(resident.accountId(), session, current == null ? null : current.getId());
        return "redirect:/profile?sessionEnded#sessions-title";
    }

    private String emailProblem(ResidentPrincipal resident, Model model, HttpServletResponse response,
            HttpStatus status, String key, Locale locale) {
        response.setStatus(status.value());
        model.addAttribute("emailError", messages.getMessage(key, null, locale));
        return profile(resident, model);
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
