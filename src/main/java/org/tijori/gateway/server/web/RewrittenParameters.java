package org.tijori.gateway.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose parameters are replaced: Spring Security's converters read them (and, for a GET, tell query
 * parameters by their names in the query string, which this rewrites to match).
 */
final class RewrittenParameters extends HttpServletRequestWrapper {

    private final Map<String, String[]> parameters;

    private final boolean inQuery;

    /**
     * @param inQuery whether the parameters are the query's (a GET), or the body's (a form POST: no query string)
     */
    RewrittenParameters(HttpServletRequest request, Map<String, String[]> parameters, boolean inQuery) {
        super(request);
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.inQuery = inQuery;
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        return parameters.get(name);
    }

    @Override
    public String getQueryString() {
        if (!inQuery) {
            return null;
        }
        return parameters.entrySet().stream()
                .flatMap(entry -> java.util.Arrays.stream(entry.getValue())
                        .map(value -> encode(entry.getKey()) + "=" + encode(value)))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
