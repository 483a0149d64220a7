/**
 * The gateway's tokens: the keys that sign ID tokens and consent receipts ({@link org.tijori.gateway.token.GatewayKeys}),
 * and the look-up of a partner request's bearer token ({@link org.tijori.gateway.token.AccessTokens}) that yields
 * what its consent lets it reach ({@link org.tijori.gateway.token.PartnerAccess}); the authorization server's store of
 * authorizations with hashed tokens ({@link org.tijori.gateway.token.Authorizations}), its opaque tokens
 * ({@link org.tijori.gateway.token.ReferenceTokens}) and their purge.
 * <p>Internal to the gateway module.
 */
package org.tijori.gateway.token;
