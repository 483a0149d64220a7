package org.tijori.sharing;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import org.tijori.IndianTime;
import org.tijori.TijoriProperties;
import org.tijori.notification.MailAddress;
import org.tijori.notification.MailMessage;
import org.tijori.notification.MailOutbox;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The e-mail a share's recipient gets, in the resident's language: who shares, what, the link and until when. The
 * access code is never in it: the resident tells it another way, so that the e-mail alone opens nothing.
 */
@Component
class ShareMails {

    static final ZoneId INDIA = IndianTime.ZONE;


    private final MailOutbox outbox;

    private final MessageSource messages;

    private final ITemplateEngine templates;

    private final String baseUrl;

    ShareMails(MailOutbox outbox, MessageSource messages, ITemplateEngine templates, TijoriProperties tijori) {
        this.outbox = outbox;
        this.messages = messages;
        this.templates = templates;
        String base = tijori.baseUrl().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The link a token opens. */
    String link(ShareToken token) {
        return baseUrl + "/s/" + token.value();
    }

    static String time(Instant instant) {
        return IndianTime.time(instant);
    }

    /** Stores the e-mail in the outbox, in the caller's transaction. */
    void sendLink(ShareLink share, MailAddress to, ShareToken token) {
        Locale locale = share.language();
        String link = link(token);
        String until = time(share.expiresAt());
        List<String> names = share.documents().stream().map(SharedDocument::name).toList();
        String subject = message("sharing.mail.subject", locale, share.senderName());
        StringBuilder text = new StringBuilder()
                .append(message("sharing.mail.greeting", locale)).append("\n\n")
                .append(message("sharing.mail.lead", locale, share.senderName())).append("\n\n");
        names.forEach(name -> text.append("  - ").append(name).append('\n'));
        text.append('\n').append(message("sharing.mail.open", locale)).append('\n').append(link).append("\n\n")
                .append(message("sharing.mail.until", locale, until)).append('\n');
        if (share.needsAccessCode()) {
            text.append(message("sharing.mail.code", locale, share.senderName())).append('\n');
        }
        if (!share.downloadAllowed()) {
            text.append(message("sharing.mail.viewOnly", locale)).append('\n');
        }
        text.append('\n').append(message("sharing.mail.ignore", locale)).append('\n');

        Context context = new Context(locale);
        context.setVariable("sender", share.senderName());
        context.setVariable("documents", names);
        context.setVariable("link", link);
        context.setVariable("until", until);
        context.setVariable("needsCode", share.needsAccessCode());
        context.setVariable("viewOnly", !share.downloadAllowed());
        String html = templates.process("sharing/mail/share", context);
        outbox.send(new MailMessage(to, subject, text.toString(), html));
    }

    String message(String key, Locale locale, Object... arguments) {
        return messages.getMessage(key, arguments, locale);
    }
}
