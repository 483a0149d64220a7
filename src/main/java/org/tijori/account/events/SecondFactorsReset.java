package org.tijori.account.events;

/**
 * Every second factor of an account was removed: a resident's reset came due, or an operator reset an
 * administrator's by configuration.
 *
 * @param account the account ID of a resident, or an administrator's username
 * @param origin {@code sms-reset} or {@code configuration}
 */
public record SecondFactorsReset(String account, String origin) {
}
