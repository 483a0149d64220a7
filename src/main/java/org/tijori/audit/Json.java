package org.tijori.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the flat string maps of audit details as JSON text, and reads them back. The text is stored
 * exactly as written and hashed as stored, so it needs no canonical form beyond being deterministic.
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

    /**
     * Reads an object of string (or null) values, as {@link #object} writes it. Anything else gives
     * an empty map: details are shown to people, never trusted to decide anything.
     */
    static Map<String, String> parseObject(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            var reader = new Reader(text);
            reader.skipSpace();
            Map<String, String> fields = reader.object();
            reader.skipSpace();
            return reader.atEnd() ? Collections.unmodifiableMap(fields) : Map.of();
        }
        catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Map.of();
        }
    }

    private static final class Reader {

        private final String text;

        private int at;

        Reader(String text) {
            this.text = text;
        }

        Map<String, String> object() {
            Map<String, String> fields = new LinkedHashMap<>();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                at++;
                return fields;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                String value;
                if (text.startsWith("null", at)) {
                    at += 4;
                    value = null;
                }
                else {
                    value = string();
                }
                fields.put(key, value);
                skipSpace();
                char c = text.charAt(at++);
                if (c == '}') {
                    return fields;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or } at " + (at - 1));
                }
            }
        }

        private String string() {
            expect('"');
            var out = new StringBuilder();
            while (true) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw new IllegalArgumentException("unknown escape \\" + escaped);
                }
            }
        }

        private void expect(char c) {
            if (text.charAt(at++) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (at - 1));
            }
        }

        private char peek() {
            return text.charAt(at);
        }

        void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        boolean atEnd() {
            return at == text.length();
        }
    }
}
