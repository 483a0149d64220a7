package org.tijori.sharing;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.SmsNotSentException;
import org.tijori.account.SmsSender;
import org.tijori.sharing.events.ShareLinkLocked;
import org.tijori.sharing.events.ShareLinkOpened;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells residents what happens to their links, by SMS to the account's mobile number (accounts keep no e-mail
 * address): the first opening of a link whose resident asked to be told, and a link locked by wrong access codes.
 * Sent after the opening commits, never in the recipient's request.
 */
@Component
class OpeningNotices {

    private static final Logger log = LoggerFactory.getLogger(OpeningNotices.class);

    private final ShareLinks links;

    private final ResidentAccounts accounts;

    private final SmsSender sms;

    private final ShareMails texts;

    OpeningNotices(ShareLinks links, ResidentAccounts accounts, SmsSender sms, ShareMails texts) {
        this.links = links;
        this.accounts = accounts;
        this.sms = sms;
        this.texts = texts;
    }

    /**
     * The first opening only: the condition keeps every other opening (each download among them) from leaving an
     * event publication to write and complete.
     */
    @ApplicationModuleListener(condition = "#opened.first()")
    void on(ShareLinkOpened opened) {
        ShareId.parse(opened.share()).flatMap(id -> links.find(opened.account(), id, false))
                .filter(ShareLink::notifyFirstOpening)
                .ifPresent(link -> tell(link, "sharing.sms.opened", link.recipient()));
    }

    @ApplicationModuleListener
    void on(ShareLinkLocked locked) {
        ShareId.parse(locked.share()).flatMap(id -> links.find(locked.account(), id, false))
                .ifPresent(link -> tell(link, "sharing.sms.locked", link.recipient()));
    }

    private void tell(ShareLink link, String key, String recipient) {
        accounts.find(link.account()).ifPresent(account -> {
            Locale language = link.language();
            try {
                sms.send(account.mobile(), texts.message(key, language, recipient));
            }
            catch (SmsNotSentException e) {
                log.warn("Could not tell the resident of share {} by SMS: {}", link.id(), e.getMessage());
            }
        });
    }
}
