package org.tijori.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Language selection (English and Hindi: {@code ?lang=hi} switches and a cookie remembers it) and the
 * model that every page's layout needs.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("hi"));

    @Bean
    LocaleResolver localeResolver() {
        var resolver = new CookieLocaleResolver("tijori-lang") {
            @Override
            public void setLocale(jakarta.servlet.http.HttpServletRequest request,
                    jakarta.servlet.http.HttpServletResponse response, Locale locale) {
                super.setLocale(request, response, locale == null ? null : supported(locale));
            }
        };
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieSameSite("Lax");
        resolver.setCookieHttpOnly(true);
        resolver.setDefaultLocaleFunction(request -> supported(request.getLocale()));
        return resolver;
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
