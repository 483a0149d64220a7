package org.tijori.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * Language selection (English and Hindi: {@code ?lang=hi} switches and a cookie remembers it) and the
 * model that every page's layout needs.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("hi"));

    /** Spring MVC's request mappings, each address held first against their literal starts. */
    @Bean
    WebMvcRegistrations literalPrefixMappings() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new LiteralPrefixMapping();
            }
        };
    }

    /** Right after the request ID, before the session is read: the gate covers all of a request's work. */
    @Bean
    FilterRegistrationBean<AdmissionGate> admissionGate(AdmissionProperties admission) {
        var registration = new FilterRegistrationBean<>(new AdmissionGate(admission.effectivePlaces(),
                admission.maxWait()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Before anything reads the request's type: a type whose parsing fails is answered here, never a 500. */
    @Bean
    FilterRegistrationBean<UnreadableContentType> unreadableContentType() {
        var registration = new FilterRegistrationBean<>(new UnreadableContentType());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        return registration;
    }

    /**
     * The language lives in a cookie, {@code Secure} whenever the request came over https (directly or
     * through a trusted proxy): Spring's resolver holds one fixed setting, so there is one of each.
     */
    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver plain = languageCookie(false);
        CookieLocaleResolver secure = languageCookie(true);
        return new LocaleResolver() {
            @Override
            public Locale resolveLocale(HttpServletRequest request) {
                return plain.resolveLocale(request);
            }

            @Override
            public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
                (request.isSecure() ? secure : plain).setLocale(request, response,
                        locale == null ? null : supported(locale));
            }
        };
    }

    private static CookieLocaleResolver languageCookie(boolean secure) {
        var resolver = new CookieLocaleResolver("tijori-lang");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieSameSite("Lax");
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSecure(secure);
        resolver.setDefaultLocaleFunction(request -> supported(request.getLocale()));
        return resolver;
    }

    /**
     * Static files under their own few paths, not Boot's catch-all {@code /**}: with the catch-all,
     * every link a page renders was first looked up as a classpath resource, which made rendering the
     * sign-in page cost more than signing in.
     */
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/css/**").addResourceLocations("classpath:/static/css/")
                .setCacheControl(CacheControl.maxAge(Duration.ofHours(1)));
        registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/")
                .setCacheControl(CacheControl.maxAge(Duration.ofHours(1)));
        registry.addResourceHandler("/favicon.svg").addResourceLocations("classpath:/static/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(1)));
        // WebJars: pages link without the version; the URL they render carries it, so it can be cached long.
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic())
                .resourceChain(true).addResolver(new LiteWebJarsResourceResolver());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        var languageSwitch = new LocaleChangeInterceptor();
        languageSwitch.setParamName("lang");
        languageSwitch.setIgnoreInvalidLocale(true);
        registry.addInterceptor(languageSwitch);
        registry.addInterceptor(new PageModelInterceptor());
    }

    static Locale supported(Locale requested) {
        return SUPPORTED.stream()
                .filter(locale -> locale.getLanguage().equals(requested.getLanguage()))
                .findFirst()
                .orElse(Locale.ENGLISH);
    }
}
