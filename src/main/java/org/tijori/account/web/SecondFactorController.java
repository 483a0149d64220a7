package org.tijori.account.web;

import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.account.MobileNumber;
import org.tijori.account.OtpCheck;
import org.tijori.account.OtpPages;
import org.tijori.account.OtpPurpose;
import org.tijori.account.OtpStep;
import org.tijori.account.SessionSignIn;
import org.tijori.account.SignInFactors;
import org.tijori.account.TwoStepSignIn;
import org.tijori.account.factor.FactorCheck;
import org.tijori.account.factor.FactorOwner;
import org.tijori.account.factor.SecondFactors;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of a sign-in, for an account with a second factor: a code from the authenticator app, a
 * passkey, or one of the recovery codes. A resident who lost them all can ask, by a code sent to the mobile
 * number, for the factors to be removed after a waiting period.
 */
@Controller
@RequestMapping(SecondFactorSecurity.SECOND_FACTOR_PAGE)
class SecondFactorController {

    static final String VIEW = "account/second-factor";

    static final OtpStep RESET = new OtpStep("reset-second-factor", OtpPurpose.RESET_SECOND_FACTOR,
            "secondFactor.reset.title", SecondFactorSecurity.SECOND_FACTOR_PAGE + "/reset/verify",
            SecondFactorSecurity.SECOND_FACTOR_PAGE + "/reset");

    private final SecondFactors factors;

    private final TwoStepSignIn twoSteps;

    private final SessionSignIn sessions;

    private final OtpPages otp;

    SecondFactorController(SecondFactors factors, TwoStepSignIn twoSteps, SessionSignIn sessions, OtpPages otp) {
        this.factors = factors;
        this.twoSteps = twoSteps;
        this.sessions = sessions;
        this.otp = otp;
    }

    @GetMapping
    String form(Authentication authentication, Model model) {
        String elsewhere = elsewhere(authentication);
        if (elsewhere != null) {
            return elsewhere;
        }
        return page(authentication, model, null, null);
    }

    @PostMapping
    String checkCode(@RequestParam(required = false) String code, Authentication authentication,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        String elsewhere = elsewhere(authentication);
        if (elsewhere != null) {
            return elsewhere;
        }
        FactorCheck check = factors.checkTotp(owner(authentication), code, request.getRemoteAddr());
        if (check instanceof FactorCheck.Accepted) {
            Authentication complete = twoSteps.complete(authentication, SignInFactors.TOTP);
            sessions.save(complete, request, response);
            return "redirect:" + SecondFactorSecurity.landing(complete);
        }
        return page(authentication, model, problem(check), null);
    }

    @PostMapping("/recovery")
    String useRecoveryCode(@RequestParam(required = false) String recoveryCode, Authentication authentication,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        String elsewhere = elsewhere(authentication);
        if (elsewhere != null) {
            return elsewhere;
        }
        FactorCheck check = factors.useRecoveryCode(owner(authentication), recoveryCode, request.getRemoteAddr());
        if (check instanceof FactorCheck.Accepted) {
            sessions.save(twoSteps.complete(authentication, SignInFactors.RECOVERY_CODE), request, response);
            return "redirect:" + SecondFactorSecurity.SECURITY_PAGE + "?recoveryCodeUsed";
        }
        return page(authentication, model, null, problem(check));
    }

    /** A resident who lost every second factor: what happens, and a code to the mobile number to start. */
    @GetMapping("/reset")
    String resetForm(Authentication authentication, Model model) {
        String elsewhere = elsewhere(authentication);
        if (elsewhere != null) {
            return elsewhere;
        }
        FactorOwner owner = owner(authentication);
        if (owner.administrator()) {
            return "redirect:" + SecondFactorSecurity.SECOND_FACTOR_PAGE;
        }
        model.addAttribute("resetAt", factors.pendingReset(owner).orElse(null));
        return "account/second-factor-reset";
    }

    @PostMapping("/reset")
    String sendResetCode(Authentication authentication, HttpServletRequest request, Model model) {
        String elsewhere = elsewhere(authentication);
        if (elsewhere != null) {
            return elsewhere;
        }
        FactorOwner owner = owner(authentication);
        Optional<MobileNumber> mobile = twoSteps.mobileOf(owner);
        if (mobile.isEmpty()) {
            return "redirect:" + SecondFactorSecurity.SECOND_FACTOR_PAGE;
        }
        String problem = otp.send(request, RESET, mobile.get(), owner.id().toString(), true);
        if (problem != null) {
            model.addAttribute("error", problem);
            model.addAttribute("resetAt", factors.pendingReset(owner).orElse(null));
            return "account/second-factor-reset";
        }
        return "redirect:" + RESET.action();
    }

    @GetMapping("/reset/verify")
    String resetCodeForm(HttpServletRequest request, Model model) {
        return otp.show(request, model, RESET);
    }

    @PostMapping("/reset/verify")
    String checkResetCode(@RequestParam(required = false) String otp, Authentication authentication,
            HttpServletRequest request, Model model) {
        String elsewhere = elsewhere(authentication);
        if (elsewhere != null) {
            return elsewhere;
        }
        FactorOwner owner = owner(authentication);
        OtpCheck check = this.otp.check(request, RESET, otp);
        if (check instanceof OtpCheck.Confirmed confirmed && owner.id().toString().equals(confirmed.subject())) {
            Instant effective = factors.requestReset(owner, confirmed.mobile());
            model.addAttribute("resetAt", effective);
            model.addAttribute("requested", true);
            return "account/second-factor-reset";
        }
        return this.otp.form(request, model, RESET, OtpPages.problem(check));
    }

    @PostMapping("/reset/verify/resend")
    String resendResetCode(HttpServletRequest request, Model model) {
        return otp.resend(request, model, RESET);
    }

    /** Where a session that is not waiting for its second factor belongs instead, or null if it is. */
    private static String elsewhere(Authentication authentication) {
        return switch (SignInFactors.stageOf(authentication)) {
            case SECOND_FACTOR -> null;
            case ENROLMENT -> "redirect:" + SecondFactorSecurity.SECURITY_PAGE + "?required";
            case COMPLETE -> "redirect:" + SecondFactorSecurity.landing(authentication);
            case NONE -> "redirect:/login";
        };
    }

    private FactorOwner owner(Authentication authentication) {
        return twoSteps.ownerOf(authentication.getPrincipal());
    }

    private String page(Authentication authentication, Model model, String codeError, String recoveryError) {
        FactorOwner owner = owner(authentication);
        SecondFactors.Status status = factors.status(owner);
        model.addAttribute("totp", status.totpEnabledAt().isPresent());
        model.addAttribute("passkeys", !status.passkeys().isEmpty());
        model.addAttribute("canReset", !owner.administrator());
        model.addAttribute("resetAt", status.resetAt().orElse(null));
        model.addAttribute("codeError", codeError);
        model.addAttribute("recoveryError", recoveryError);
        return VIEW;
    }

    /** The message key that tells a person why a code was not accepted. */
    static String problem(FactorCheck check) {
        return check instanceof FactorCheck.Throttled ? "secondFactor.throttled" : "secondFactor.wrongCode";
    }
}
