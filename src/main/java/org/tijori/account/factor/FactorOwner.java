package org.tijori.account.factor;

import java.util.UUID;

/**
 * Whose second factors: a resident's account or an administrator.
 *
 * @param id the resident's account ID or the administrator's ID; keys the factors' rows
 * @param name the principal's name: the account ID of a resident, the username of an administrator
 * @param displayName what the authenticator and the pages show: the username
 * @param administrator whether the owner is an administrator, who must have a second factor
 */
public record FactorOwner(UUID id, String name, String displayName, boolean administrator) {
}
