/**
 * The residents' side of verification: each genuine verification of a document becomes an entry in its holder's
 * activity, gathered per short window so that a busy verification desk does not write a row a scan.
 */
package org.tijori.verify.activity;
