package org.tijori.account.web;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in security, for residents and administrators: the authenticator app, passkeys, recovery codes, and
 * a pending reset of the second factor. An administrator without a second factor is sent here after the
 * password and can do nothing else until one is set up.
 */
@Controller
@RequestMapping(SecondFactorSecurity.SECURITY_PAGE)
class SignInSecurityController {

    static final String VIEW = "account/security";

    private final SecondFactors factors;

    private final TwoStepSignIn twoSteps;

    private final SessionSignIn sessions;

    SignInSecurityController(SecondFactors factors, TwoStepSignIn twoSteps, SessionSignIn sessions) {
        this.factors = factors;
        this.twoSteps = twoSteps;
        this.sessions = sessions;
    }

    @GetMapping
    String security(Authentication authentication, Model model) {
        FactorOwner owner = owner(authentication);
        factors.preparePasskey(owner);
        model.addAttribute("status", factors.status(owner));
        model.addAttribute("enrolling", enrolling(authentication));
        model.addAttribute("administrator", owner.administrator());
        return VIEW;
    }

    @PostMapping("/totp")
    String beginTotp(Authentication authentication) {
        factors.beginTotp(owner(authentication));
        return "redirect:" + SecondFactorSecurity.SECURITY_PAGE + "/totp";
    }

    @GetMapping("/totp")
    String totpForm(Authentication authentication, Model model) {
        return totpPage(authentication, model, null);
    }

    @PostMapping("/totp/confirm")
    String confirmTotp(@RequestParam(required = false) String code, Authentication authentication,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<List<String>> confirmed = factors.confirmTotp(owner(authentication), code, request.getRemoteAddr());
        if (confirmed.isEmpty()) {
            return totpPage(authentication, model, "secondFactor.wrongCode");
        }
        // Before a new session ID is given below: the store still knows this session by the one it has now.
        sessions.endOtherSessions(authentication, request.getSession().getId());
        if (enrolling(authentication)) {
            // The administrator has just proven the password and the new app's code: that is both factors.
            sessions.save(twoSteps.complete(authentication, SignInFactors.TOTP), request, response);
        }
        if (confirmed.get().isEmpty()) {
            return "redirect:" + SecondFactorSecurity.SECURITY_PAGE + "?totpEnabled";
        }
        model.addAttribute("codes", confirmed.get());
        model.addAttribute("first", true);
        return "account/recovery-codes";
    }

    @PostMapping("/totp/off")
    String turnOffTotp(@RequestParam(required = false) String code, Authentication authentication,
            HttpServletRequest request, Model model) {
        if (enrolling(authentication)) {
            return "redirect:" + SecondFactorSecurity.SECURITY_PAGE;
        }
        FactorCheck check = factors.turnOffTotp(owner(authentication), code, request.getRemoteAddr());
        if (check instanceof FactorCheck.Accepted) {
            sessions.endOtherSessions(authentication, request.getSession().getId());
            return "redirect:" + SecondFactorSecurity.SECURITY_PAGE + "?totpOff";
        }
        model.addAttribute("totpError", owner(authentication).administrator()
                && factors.status(owner(authentication)).passkeys().isEmpty() ? "security.totp.lastFactor"
                        : SecondFactorController.problem(check));
        return security(authentication, model);
    }

    @PostMapping("/passkeys/{id}/remove")
    String removePasskey(@PathVariable String id, Authentication authentication, HttpServletRequest request,
            Model model) {
        if (enrolling(authentication)) {
            return "redirect:" + SecondFactorSecurity.SECURITY_PAGE;
        }
        if (!factors.removePasskey(owner(authentication), id)) {
            model.addAttribute("passkeyError", "security.passkeys.notRemoved");
            return security(authentication, model);
        }
        sessions.endOtherSessions(authentication, request.getSession().getId());
        return "redirect:" + SecondFactorSecurity.SECURITY_PAGE + "?passkeyRemoved";
    }

    @PostMapping("/recovery-codes")
    String renewRecoveryCodes(Authentication authentication, HttpServletRequest request, Model model) {
        FactorOwner owner = owner(authentication);
        if (enrolling(authentication) || !factors.any(owner)) {
            return "redirect:" + SecondFactorSecurity.SECURITY_PAGE;
        }
        model.addAttribute("codes", factors.renewRecoveryCodes(owner));
        sessions.endOtherSessions(authentication, request.getSession().getId());
        model.addAttribute("first", false);
        return "account/recovery-codes";
    }

    @PostMapping("/reset/cancel")
    String cancelReset(Authentication authentication) {
        if (enrolling(authentication)) {
            return "redirect:" + SecondFactorSecurity.SECURITY_PAGE;
        }
        factors.cancelReset(owner(authentication));
        return "redirect:" + SecondFactorSecurity.SECURITY_PAGE + "?resetCancelled";
    }

    private String totpPage(Authentication authentication, Model model, String error) {
        var enrolment = factors.pendingTotp(owner(authentication));
        if (enrolment.isEmpty()) {
            return "redirect:" + SecondFactorSecurity.SECURITY_PAGE;
        }
        model.addAttribute("enrolment", enrolment.get());
        model.addAttribute("error", error);
        return "account/totp";
    }

    private static boolean enrolling(Authentication authentication) {
        return SignInFactors.stageOf(authentication) == SignInFactors.Stage.ENROLMENT;
    }

    private FactorOwner owner(Authentication authentication) {
        return twoSteps.ownerOf(authentication.getPrincipal());
    }
}
