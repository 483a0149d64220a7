/**
 * Residents fetching documents from an issuer's Pull URI endpoint: the searches, the calls (bounded in
 * size and time, to addresses checked against SSRF), and the background pulls with their outcomes.
 * <p>Internal to the issuer module.
 */
package org.tijori.issuer.pull;
