package org.tijori.identity.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.InvalidInputException;
import org.tijori.account.AccountId;
import org.tijori.account.MobileNumber;
import org.tijori.account.OtpCheck;
import org.tijori.account.OtpPages;
import org.tijori.account.OtpPurpose;
import org.tijori.account.OtpStep;
import org.tijori.account.RateLimitedException;
import org.tijori.account.ResidentPrincipal;
import org.tijori.identity.NationalIdLinks;
import org.tijori.identity.NationalIdProblemException;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Linking a national ID to the locker, and unlinking it, each confirmed by a code sent to the mobile
 * number the ID authority holds for that ID.
 */
@Controller
@RequestMapping("/profile/national-id")
class NationalIdController {

    /** The code goes to the number the authority holds, which the resident has not proven: the page names none. */
    static final OtpStep LINK = new OtpStep("link-national-id", OtpPurpose.LINK_NATIONAL_ID, "nationalId.link.title", "/profile/national-id/verify",
            "/profile/national-id", "otp.sentToRegistered");

    static final OtpStep UNLINK = new OtpStep("unlink-national-id", OtpPurpose.UNLINK_NATIONAL_ID, "nationalId.unlink.title", "/profile/national-id/unlink/verify",
            "/profile/national-id");

    private final NationalIdLinks links;

    private final OtpPages otp;

    private final MessageSource messages;

    NationalIdController(NationalIdLinks links, OtpPages otp, MessageSource messages) {
        this.links = links;
        this.otp = otp;
        this.messages = messages;
    }

    @GetMapping
    String page(@AuthenticationPrincipal ResidentPrincipal resident, Model model) {
        model.addAttribute("link", links.linkOf(resident.accountId()).orElse(null));
        return "identity/national-id";
    }

    /**
     * The photo the ID authority held for the resident's own national ID when it was linked; 404 when there is
     * none. Only ever the signed-in resident's: the address names no one.
     */
    @GetMapping("/photo")
    ResponseEntity<byte[]> photo(@AuthenticationPrincipal ResidentPrincipal resident) {
        return links.photoOf(resident.accountId())
                .map(photo -> ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG)
                        .cacheControl(CacheControl.noStore().cachePrivate())
                        .header("X-Content-Type-Options", "nosniff").body(photo))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /**
     * The same answer for every valid number, whether the authority knows it or another locker has it: only
     * the code, once proven, tells. Limits first, then the number is read.
     */
    @PostMapping
    String sendLinkCode(@AuthenticationPrincipal ResidentPrincipal resident, @RequestParam(required = false) String uid,
            HttpServletRequest request, HttpServletResponse response, Locale locale, Model model) {
        try {
            NationalIdLinks.LinkRequest link = links.requestLink(resident.accountId(), uid, request.getRemoteAddr());
            String problem = otp.send(request, LINK, link.mobile(),
                    resident.accountId() + "|" + link.token(), link.deliver());
            if (problem != null) {
                throw new NationalIdProblemException(problem);
            }
            return "redirect:/profile/national-id/verify";
        }
        catch (RateLimitedException e) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            model.addAttribute("uidError", messages.getMessage("nationalId.tooManyLookups", null, locale));
            model.addAttribute("uid", typed(uid));
            return page(resident, model);
        }
        catch (IllegalArgumentException | NationalIdProblemException e) {
            model.addAttribute("uidError", message(e, messages, locale));
            model.addAttribute("uid", typed(uid));
            return page(resident, model);
        }
    }

    @GetMapping("/verify")
    String linkCodeForm(HttpServletRequest request, Model model) {
        return otp.show(request, model, LINK);
    }

    @PostMapping("/verify")
    String checkLinkCode(@AuthenticationPrincipal ResidentPrincipal resident, @RequestParam(required = false) String otp,
            HttpServletRequest request, Model model) {
        OtpCheck check = this.otp.check(request, LINK, otp);
        String prefix = resident.accountId() + "|";
        if (check instanceof OtpCheck.Confirmed confirmed && confirmed.subject() != null
                && confirmed.subject().startsWith(prefix)) {
            try {
                links.link(resident.accountId(), confirmed.subject().substring(prefix.length()));
                return "redirect:/profile/national-id?linked";
            }
            catch (NationalIdProblemException e) {
                model.addAttribute("uidError", message(e, messages, LocaleContextHolder.getLocale()));
                return page(resident, model);
            }
        }
        return this.otp.form(request, model, LINK, OtpPages.problem(check));
    }

    @PostMapping("/verify/resend")
    String resendLinkCode(HttpServletRequest request, Model model) {
        return otp.resend(request, model, LINK);
    }

    @PostMapping("/unlink")
    String sendUnlinkCode(@AuthenticationPrincipal ResidentPrincipal resident, HttpServletRequest request,
            Model model) {
        try {
            AccountId account = resident.accountId();
            MobileNumber mobile = links.unlinkMobile(account);
            String problem = otp.send(request, UNLINK, mobile, account.toString(), true);
            if (problem != null) {
                throw new NationalIdProblemException(problem);
            }
            return "redirect:/profile/national-id/unlink/verify";
        }
        catch (NationalIdProblemException e) {
            model.addAttribute("uidError", message(e, messages, LocaleContextHolder.getLocale()));
            return page(resident, model);
        }
    }

    @GetMapping("/unlink/verify")
    String unlinkCodeForm(HttpServletRequest request, Model model) {
        return otp.show(request, model, UNLINK);
    }

    @PostMapping("/unlink/verify")
    String checkUnlinkCode(@AuthenticationPrincipal ResidentPrincipal resident,
            @RequestParam(required = false) String otp, HttpServletRequest request, Model model) {
        OtpCheck check = this.otp.check(request, UNLINK, otp);
        if (check instanceof OtpCheck.Confirmed confirmed && resident.accountId().toString().equals(confirmed.subject())) {
            links.unlink(resident.accountId());
            return "redirect:/profile/national-id?unlinked";
        }
        return this.otp.form(request, model, UNLINK, OtpPages.problem(check));
    }

    @PostMapping("/unlink/verify/resend")
    String resendUnlinkCode(HttpServletRequest request, Model model) {
        return otp.resend(request, model, UNLINK);
    }

    /** Why a national ID was refused, in the reader's words. */
    static String message(RuntimeException e, MessageSource messages, Locale locale) {
        if (e instanceof NationalIdProblemException problem && problem.key() != null) {
            return messages.getMessage(problem.key(), null, problem.getMessage(), locale);
        }
        return InvalidInputException.words(e, messages, locale);
    }

    /** What the resident typed, given back in the field so that a wrong digit is corrected, not typed again. */
    static String typed(String uid) {
        return uid == null ? null : uid.length() > 20 ? uid.substring(0, 20) : uid;
    }
}
