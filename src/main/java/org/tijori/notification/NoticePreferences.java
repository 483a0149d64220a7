package org.tijori.notification;

/**
 * Which notices a resident also wants by text message, and by e-mail to their verified address; every notice is
 * listed on the dashboard whatever these say.
 *
 * @param byEmail whether the notices wanted by text message also go by e-mail, where the account has a verified
 *                address
 */
public record NoticePreferences(boolean arrivals, boolean withdrawals, boolean reminders, boolean byEmail) {

    /** What a resident who never chose gets: every kind, by e-mail too. */
    public static final NoticePreferences EVERYTHING = new NoticePreferences(true, true, true, true);

    public boolean wants(NoticeKind kind) {
        return switch (kind.topic()) {
            case ARRIVALS -> arrivals;
            case WITHDRAWALS -> withdrawals;
            case REMINDERS -> reminders;
        };
    }
}
