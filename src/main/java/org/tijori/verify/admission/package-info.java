/**
 * Per-address limits of public verification: a node-local bucket for every request, a shared budget of refusals,
 * and addresses that spent it remembered and turned away unread.
 * <p>Internal to the verify module.
 */
package org.tijori.verify.admission;
