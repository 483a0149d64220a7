/**
 * The one owner of an issued document's life: its versions and their states (add, update, delete,
 * revoke, suspend, reinstate; parked until a national ID is linked, then delivered), every move guarded by
 * {@link org.tijori.issuer.DocumentStatus}. Nothing else in the module writes {@code issuer_document}.
 * <p>Internal to the issuer module.
 */
package org.tijori.issuer.ledger;
