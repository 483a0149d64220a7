package org.tijori.storage;

import java.util.regex.Pattern;

/**
 * A column of another module's table that holds values sealed with {@link SealedValues}. A module
 * declares one as a bean so that key rotation re-seals it too, and the old master key can then leave
 * the keyset.
 *
 * @param table the table
 * @param idColumn its primary key, a {@code uuid} column
 * @param sealedColumn the column of sealed values
 * @param context the context the values were sealed in
 */
public record SealedColumn(String table, String idColumn, String sealedColumn, String context) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public SealedColumn {
        for (String name : new String[] { table, idColumn, sealedColumn }) {
            if (name == null || !IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("not a plain SQL identifier: " + name);
            }
        }
    }
}
