package org.tijori.verify.web;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Finds the handler of {@code GET /api/v1/verify/{*uri}} before Spring MVC's own mapping is asked. That mapping
 * has no direct path for an address with a variable, so it matches the request against every one of its some 170
 * mappings in turn: 14 % of a verification's CPU on the request thread at 2,300 a second (async-profiler,
 * {@code bench/verify/run.sh}). This one holds the verification API alone, so the lookup is one match; Spring MVC's
 * mapping still lists the controller too (for the API documentation), but is not reached for these paths.
 * <p>
 * It has none of the pages' interceptors (the language switch, the page model): a JSON answer needs neither. A
 * request it holds no handler for (another method on the same path, the upload's {@code POST /api/v1/verify}) is
 * left to Spring MVC's mapping, which answers it or says why not (405, 415...).
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class VerificationApiMapping extends RequestMappingHandlerMapping {

    VerificationApiMapping() {
        // Before Spring MVC's router functions (-1) and request mappings (0).
        setOrder(-2);
    }

    @Override
    protected boolean isHandler(Class<?> beanType) {
        return ClassUtils.getUserClass(beanType) == VerificationApiController.class;
    }

    @Override
    protected HandlerMethod handleNoMatch(Set<RequestMappingInfo> infos, String lookupPath,
            HttpServletRequest request) {
        return null;
    }
}
