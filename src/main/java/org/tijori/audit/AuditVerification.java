package org.tijori.audit;

/**
 * The outcome of checking the whole chain.
 *
 * @param intact whether every entry is present, in order, and unchanged
 * @param entriesChecked how many entries were read
 * @param firstBrokenEntry the sequence number of the first entry that was altered, removed or
 *                         reordered; {@code null} when intact
 * @param problem what is wrong with that entry; {@code null} when intact
 */
public record AuditVerification(boolean intact, long entriesChecked, Long firstBrokenEntry, String problem) {

    static AuditVerification intact(long checked) {
        return new AuditVerification(true, checked, null, null);
    }

    static AuditVerification broken(long checked, long entry, String problem) {
        return new AuditVerification(false, checked, entry, problem);
    }
}
