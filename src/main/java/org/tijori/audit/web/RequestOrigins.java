package org.tijori.audit.web;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.tijori.audit.RequestOrigin;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Tells the trail where each request comes from ({@link RequestOrigin}): the one place that reads the client's
 * address and user agent for it, so that the trail itself knows nothing of HTTP. It runs first, after Tomcat's
 * valve has settled who the client is (trusted proxies), for every dispatch of a request.
 */
@Configuration(proxyBeanMethods = false)
class RequestOrigins {

    /** The longest user agent kept; some clients send kilobytes. */
    static final int MAX_USER_AGENT = 512;

    @Bean
    FilterRegistrationBean<Filter> requestOriginFilter() {
        var registration = new FilterRegistrationBean<Filter>(RequestOrigins::enter);
        registration.setName("requestOrigins");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC,
                DispatcherType.FORWARD);
        return registration;
    }

    private static void enter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String userAgent = request instanceof HttpServletRequest http ? http.getHeader("User-Agent") : null;
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
        try (RequestOrigin.Scope scope = new RequestOrigin(request.getRemoteAddr(), userAgent).enter()) {
            chain.doFilter(request, response);
        }
    }
}
