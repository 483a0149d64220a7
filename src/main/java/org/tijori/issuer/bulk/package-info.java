/**
 * Bulk publishing: a ZIP of pushes, unpacked within limits and published in slices by the workers of
 * every node, with its progress and its report.
 * <p>Internal to the issuer module.
 */
package org.tijori.issuer.bulk;
