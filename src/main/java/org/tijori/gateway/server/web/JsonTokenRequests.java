package org.tijori.gateway.server.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tijori.gateway.web.DigiLockerErrors;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * DigiLocker's clients may send token, revocation and device-code requests as JSON (ADR 23): a flat JSON object of at
 * most {@code max-token-request} becomes the form parameters Spring Security's endpoints read ({@code refresh_Token},
 * one of the reference's spellings, read as {@code refresh_token}). A body that is not a flat object is
 * {@code 400 invalid_request}.
 */
final class JsonTokenRequests extends OncePerRequestFilter {

    static final Set<String> PATHS = Set.of("/public/oauth2/1/token", "/public/oauth2/1/revoke", "/public/oauth2/1/code");

    private final int largest;

    JsonTokenRequests(int largest) {
        this.largest = largest;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !"POST".equals(request.getMethod()) || !PATHS.contains(request.getServletPath()) || type == null
                || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(largest + 1);
        if (body.length > largest) {
            DigiLockerErrors.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "request_too_large",
                    "The request body is too large");
            return;
        }
        Map<String, String[]> parameters = new LinkedHashMap<>();
        try {
            Map<String, Object> json = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
            for (Map.Entry<String, Object> field : json.entrySet()) {
                Object value = field.getValue();
                if (value instanceof Map || value instanceof java.util.List) {
                    throw new ParseException("not flat", 0);
                }
                if (value != null) {
                    String name = "refresh_Token".equals(field.getKey()) ? "refresh_token" : field.getKey();
                    parameters.putIfAbsent(name, new String[] { String.valueOf(value) });
                }
            }
        }
        catch (ParseException notAnObject) {
            DigiLockerErrors.write(response, HttpStatus.BAD_REQUEST, "invalid_request",
                    "Send the request as a form or as one flat JSON object");
            return;
        }
        chain.doFilter(new RewrittenParameters(request, parameters, false), response);
    }
}
