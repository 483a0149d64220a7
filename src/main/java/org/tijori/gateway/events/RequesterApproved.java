package org.tijori.gateway.events;

import org.tijori.gateway.RequesterId;

/**
 * An administrator approved a requester (or reinstated a suspended one), which received a client ID and secret.
 *
 * @param kind {@code WEB} or {@code DEVICE}
 */
public record RequesterApproved(RequesterId requester, String clientId, String kind, boolean maySignUp) {
}
