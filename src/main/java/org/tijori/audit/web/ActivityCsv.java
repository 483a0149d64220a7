package org.tijori.audit.web;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Writes activity lines as CSV (RFC 4180): every field quoted, and a field that a spreadsheet would
 * take for a formula (starting with {@code = + - @}, a tab or a carriage return) is prefixed with an
 * apostrophe, so that a document named {@code =HYPERLINK(...)} stays text when the file is opened.
 */
final class ActivityCsv {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final Writer out;

    ActivityCsv(Writer out) {
        this.out = out;
    }

    void header(String... names) throws IOException {
        row((Object[]) names);
    }

    void line(ActivityItem item) throws IOException {
        row(time(item.occurredAt()), item.action(), item.label(), item.summary(), item.by(),
                item.ip() == null ? "" : item.ip());
    }

    private void row(Object... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(String.valueOf(fields[i])));
        }
        out.write("\r\n");
    }

    static String field(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    private static String time(Instant instant) {
        return TIME.format(instant.atZone(ActivityQuery.INDIA).withNano(0));
    }
}
