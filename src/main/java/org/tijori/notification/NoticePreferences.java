package org.tijori.notification;

/**
 * Which notices a resident also wants by text message; every notice is listed on the dashboard whatever these say.
 */
public record NoticePreferences(boolean arrivals, boolean withdrawals, boolean reminders) {

    /** What a resident who never chose gets: every kind. */
    public static final NoticePreferences EVERYTHING = new NoticePreferences(true, true, true);

    public boolean wants(NoticeKind kind) {
        return switch (kind.topic()) {
            case ARRIVALS -> arrivals;
            case WITHDRAWALS -> withdrawals;
            case REMINDERS -> reminders;
        };
    }
}
