package org.tijori.notification;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.tijori.IndianTime;
import org.tijori.account.AccountId;
import org.tijori.account.ResidentAccounts;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The words of a notice's text message, from {@code messages*.properties}: in the language the resident chose on
 * their account, or in English and then in Hindi for a resident who never chose one.
 */
@Component
class NoticeTexts {

    static final Locale ENGLISH = Locale.ENGLISH;

    static final Locale HINDI = Locale.forLanguageTag("hi");

    /** An e-mail lists this many notices and then says how many more there are. */
    static final int NOTICES_IN_MAIL = 20;

    /** A document's name is cut to this in a text message, which has little room. */
    static final int NAME_IN_SMS = 60;

    private final MessageSource messages;

    private final ResidentAccounts accounts;

    NoticeTexts(MessageSource messages, ResidentAccounts accounts) {
        this.messages = messages;
        this.accounts = accounts;
    }

    /** The language the resident reads their messages in, when their account says. */
    Optional<Locale> languageOf(AccountId account) {
        return accounts.languageOf(account);
    }

    /** One message for the notices of one resident: the notice itself when there is one, else how many. */
    String sms(AccountId account, List<Notice> notices) {
        Optional<Locale> language = languageOf(account);
        if (language.isPresent()) {
            return sms(notices, language.get());
        }
        return sms(notices, ENGLISH) + "\n" + sms(notices, HINDI);
    }

    String sms(List<Notice> notices, Locale locale) {
        if (notices.size() == 1) {
            Notice notice = notices.get(0);
            return messages.getMessage("notification.sms." + notice.kind().name(),
                    new Object[] { shortName(notice.docName()), IndianTime.day(notice.validTo()) }, locale);
        }
        return messages.getMessage("notification.sms.digest", new Object[] { notices.size() }, locale);
    }

    /** The subject of a digest's e-mail, in the resident's language or else in English. */
    String mailSubject(AccountId account, List<Notice> notices) {
        return messages.getMessage("notification.mail.subject", new Object[] { notices.size() },
                languageOf(account).orElse(ENGLISH));
    }

    /**
     * The text of a digest's e-mail: each notice on its line (the first {@value #NOTICES_IN_MAIL}, then how many
     * more) and the link to the notifications page; in the resident's language, or in English and then in Hindi.
     */
    String mailText(AccountId account, List<Notice> notices, URI notificationsPage) {
        List<Locale> languages = languageOf(account).map(List::of).orElse(List.of(ENGLISH, HINDI));
        StringBuilder text = new StringBuilder();
        for (Locale language : languages) {
            if (!text.isEmpty()) {
                text.append("\n\n----\n\n");
            }
            text.append(messages.getMessage("notification.mail.lead", null, language)).append("\n\n");
            for (Notice notice : notices.subList(0, Math.min(notices.size(), NOTICES_IN_MAIL))) {
                text.append("- ").append(messages.getMessage("notification.notice." + notice.kind().name(),
                        new Object[] { notice.docName(), IndianTime.day(notice.validTo()) }, language)).append('\n');
            }
            if (notices.size() > NOTICES_IN_MAIL) {
                text.append(messages.getMessage("notification.mail.more",
                        new Object[] { notices.size() - NOTICES_IN_MAIL }, language)).append('\n');
            }
            text.append('\n').append(messages.getMessage("notification.mail.link", new Object[] { notificationsPage },
                    language));
        }
        return text.toString();
    }

    private static String shortName(String name) {
        String stripped = name == null ? "" : name.strip();
        return stripped.length() <= NAME_IN_SMS ? stripped : stripped.substring(0, NAME_IN_SMS - 1) + "…";
    }
}
