package org.tijori.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's request mappings, with each address first held against the literal start of every pattern.
 * <p>
 * Spring MVC looks an address without a variable up directly; any other (a document's page, a verification link,
 * every {@code /api/v1/.../{id}}) it matches against every one of Tijori's some 170 mappings in turn, each
 * evaluating its method, parameters, headers, media types and patterns: 14 % of a verification's CPU on the request
 * thread at 2,300 a second (async-profiler, {@code bench/verify/run.sh}). Here a mapping none of whose patterns'
 * literal starts (up to the first variable, {@code *} or {@code ?}) begins the address is passed over at the cost
 * of a {@code startsWith}; the others are matched as before, so the handler chosen is the same.
 * <p>
 * An address with a {@code %} escape is matched in full against every mapping, since a pattern's literal may match
 * it decoded. Case-insensitive pattern parsers are left alone. A 405 or 415 is still found from all the mappings:
 * Spring MVC decides those without this lookup.
 */
final class LiteralPrefixMapping extends RequestMappingHandlerMapping {

    /** The lookup path of the request this thread is looking a handler up for, when it may be filtered. */
    private static final ThreadLocal<String> LOOKUP = new ThreadLocal<>();

    private static final String[] ANY = {};

    private final Map<RequestMappingInfo, String[]> literals = new ConcurrentHashMap<>();

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        boolean filtered = lookupPath.indexOf('%') < 0 && getPatternParser() != null
                && getPatternParser().isCaseSensitive();
        LOOKUP.set(filtered ? lookupPath : null);
        try {
            return super.lookupHandlerMethod(lookupPath, request);
        }
        finally {
            LOOKUP.remove();
        }
    }

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        String path = LOOKUP.get();
        if (path != null && !startsWithAny(path, literals.computeIfAbsent(info, LiteralPrefixMapping::literalStarts))) {
            return null;
        }
        return super.getMatchingMapping(info, request);
    }

    private static boolean startsWithAny(String path, String[] starts) {
        if (starts == ANY) {
            return true;
        }
        for (String start : starts) {
            if (path.startsWith(start)) {
                return true;
            }
        }
        return false;
    }

    /** The literal start of each of the mapping's patterns, or {@link #ANY} when it has none to go by. */
    static String[] literalStarts(RequestMappingInfo info) {
        PathPatternsRequestCondition patterns = info.getPathPatternsCondition();
        if (patterns == null || patterns.getPatterns().isEmpty()) {
            return ANY;
        }
        return patterns.getPatterns().stream().map(PathPattern::getPatternString)
                .map(LiteralPrefixMapping::literalStart).toArray(String[]::new);
    }

    /**
     * The pattern up to its first variable or wildcard, without the slash before it: {@code /files/**} and
     * {@code /verify/{*uri}} match {@code /files} and {@code /verify} too.
     */
    static String literalStart(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '{' || c == '*' || c == '?') {
                return pattern.substring(0, i > 0 && pattern.charAt(i - 1) == '/' ? i - 1 : i);
            }
        }
        return pattern;
    }
}
