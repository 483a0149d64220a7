package org.tijori.audit;

import java.util.Map;

/**
 * Writes the flat string maps of audit details as JSON text. The text is stored exactly as written
 * and hashed as stored, so it needs no canonical form beyond being deterministic.
 */
final class Json {

    private Json() {
    }

    static String object(Map<String, String> fields) {
        var out = new StringBuilder(64).append('{');
        boolean first = true;
        for (var field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, field.getKey()).append(':');
            if (field.getValue() == null) {
                out.append("null");
            }
            else {
                string(out, field.getValue());
            }
        }
        return out.append('}').toString();
    }

    private static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
