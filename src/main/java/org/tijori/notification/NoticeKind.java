package org.tijori.notification;

/** What a notice tells a resident about one of their issued documents. */
public enum NoticeKind {

    /** A document (or a new version of it) reached the locker. */
    ARRIVED(Topic.ARRIVALS),
    /** Its issuer revoked it. */
    REVOKED(Topic.WITHDRAWALS),
    /** Its issuer suspended it. */
    SUSPENDED(Topic.WITHDRAWALS),
    /** Its issuer deleted it: it is gone from the locker. */
    WITHDRAWN(Topic.WITHDRAWALS),
    /** Its validity ends soon. */
    EXPIRING(Topic.REMINDERS);

    private final Topic topic;

    NoticeKind(Topic topic) {
        this.topic = topic;
    }

    /** The switch of the resident's settings that governs this kind. */
    public Topic topic() {
        return topic;
    }

    /** The kinds a resident switches on or off together. */
    public enum Topic {
        ARRIVALS, WITHDRAWALS, REMINDERS
    }
}
