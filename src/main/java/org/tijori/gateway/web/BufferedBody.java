package org.tijori.gateway.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body was sent in chunks and has been read, within its limit, by {@link PartnerAdmission}: the body
 * is handed on from memory, and a form's fields are read from it, as the container would have read them from the
 * connection.
 */
final class BufferedBody extends HttpServletRequestWrapper {

    private final byte[] body;

    private Map<String, String[]> parameters;

    BufferedBody(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
        var in = new ByteArrayInputStream(body);
        return new ServletInputStream() {

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return in.read(buffer, offset, length);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("The body has been read already");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values.clone();
    }

    /** The query's parameters, then a form body's, in order, as the container joins them. */
    private Map<String, String[]> parameters() {
        if (parameters == null) {
            Map<String, List<String>> collected = new LinkedHashMap<>();
            add(collected, getQueryString(), StandardCharsets.UTF_8);
            String type = getContentType();
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                add(collected, new String(body, StandardCharsets.ISO_8859_1), charset());
            }
            Map<String, String[]> joined = new LinkedHashMap<>();
            collected.forEach((name, values) -> joined.put(name, values.toArray(String[]::new)));
            parameters = Collections.unmodifiableMap(joined);
        }
        return parameters;
    }

    private static void add(Map<String, List<String>> parameters, String encoded, Charset charset) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), charset);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), charset);
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
    }

    /** Percent-decodes bytes that were read as ISO-8859-1, so each character is one byte of the body. */
    private static String decode(String encoded, Charset charset) {
        try {
            return URLDecoder.decode(new String(encoded.getBytes(StandardCharsets.ISO_8859_1), charset), charset);
        }
        catch (IllegalArgumentException malformed) {
            return encoded;
        }
    }

    private Charset charset() {
        String encoding = getCharacterEncoding();
        try {
            return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        }
        catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }
}
