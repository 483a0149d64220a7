package org.tijori.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What every page that asks for a one-time password shares: sending a code and keeping its flow in
 * the browser's session, the code form, resending, and checking the code with an answer a person
 * understands. A flow lives in the session of the browser that asked, so a code proves nothing
 * anywhere else.
 */
@Component
@NamedInterface("pages")
public class OtpPages {

    public static final String VIEW = "account/otp";

    private final OneTimePasswords otps;

    OtpPages(OneTimePasswords otps) {
        this.otps = otps;
    }

    /**
     * Sends a code and remembers its flow under {@code step}.
     *
     * @return a message for the page when the code could not be sent, or {@code null}
     */
    public String send(HttpServletRequest request, OtpStep step, MobileNumber to, String subject, boolean deliver) {
        try {
            OtpChallenge challenge = otps.send(step.purpose(), to, subject, deliver, request.getRemoteAddr());
            HttpSession session = request.getSession();
            session.setAttribute(flowKey(step), challenge.flow());
            if (step.sentKey() == null) {
                session.setAttribute(mobileKey(step), to.masked());
            }
            return null;
        }
        catch (RateLimitedException e) {
            return e.getMessage();
        }
        catch (SmsNotSentException e) {
            return "We could not send the SMS just now. Please try again in a few minutes.";
        }
    }

    /** The code form of a flow that has started; otherwise a redirect to where it starts. */
    public String show(HttpServletRequest request, Model model, OtpStep step) {
        return started(request, step) ? form(request, model, step, null) : "redirect:" + step.startOver();
    }

    /** The code form of a step, with a problem to show, if any. */
    public String form(HttpServletRequest request, Model model, OtpStep step, String error) {
        HttpSession session = request.getSession(false);
        model.addAttribute("titleKey", step.titleKey());
        model.addAttribute("action", step.action());
        model.addAttribute("resendAction", step.action() + "/resend");
        model.addAttribute("mobile", session == null ? null : session.getAttribute(mobileKey(step)));
        model.addAttribute("sentKey", step.sentKey());
        model.addAttribute("error", error);
        return VIEW;
    }

    /** Sends a new code and shows the code form again, saying whether it went. */
    public String resend(HttpServletRequest request, Model model, OtpStep step) {
        String problem = resend(request, step);
        model.addAttribute("resent", problem == null);
        return form(request, model, step, problem);
    }

    public boolean started(HttpServletRequest request, OtpStep step) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(flowKey(step)) != null;
    }

    /** @return a message for the page, or {@code null} when a new code is on its way */
    String resend(HttpServletRequest request, OtpStep step) {
        HttpSession session = request.getSession(false);
        Object flow = session == null ? null : session.getAttribute(flowKey(step));
        if (flow == null) {
            return "Start again: no code was asked for.";
        }
        try {
            otps.resend((String) flow, request.getRemoteAddr());
            return null;
        }
        catch (OtpResendTooSoonException e) {
            return "Please wait " + e.waitFor().toSeconds() + " seconds before asking for a new code.";
        }
        catch (RateLimitedException e) {
            return e.getMessage();
        }
        catch (SmsNotSentException e) {
            return "We could not send the SMS just now. Please try again in a few minutes.";
        }
        catch (IllegalArgumentException e) {
            return "Start again: no code was asked for.";
        }
    }

    /** Checks a typed code; on success the flow is over. */
    public OtpCheck check(HttpServletRequest request, OtpStep step, String typed) {
        HttpSession session = request.getSession(false);
        Object flow = session == null ? null : session.getAttribute(flowKey(step));
        OtpCheck check = otps.check((String) flow, step.purpose(), typed);
        if (check instanceof OtpCheck.Confirmed && session != null) {
            session.removeAttribute(flowKey(step));
        }
        return check;
    }

    /** What to tell a person whose code was not accepted. */
    public static String problem(OtpCheck check) {
        if (check instanceof OtpCheck.Rejected rejected) {
            return "That code is not right. You can try " + rejected.attemptsLeft() + " more time"
                    + (rejected.attemptsLeft() == 1 ? "." : "s.");
        }
        if (check instanceof OtpCheck.Expired) {
            return "That code has expired. Ask for a new one.";
        }
        if (check instanceof OtpCheck.Exhausted) {
            return "Too many wrong codes. Ask for a new one.";
        }
        return "No code is waiting for this page. Start again.";
    }

    private static String flowKey(OtpStep step) {
        return "tijori.otp." + step.name() + ".flow";
    }

    private static String mobileKey(OtpStep step) {
        return "tijori.otp." + step.name() + ".mobile";
    }
}
