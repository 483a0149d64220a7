package org.tijori.account.web;

import java.time.Clock;

import org.tijori.account.AccountProperties;
import org.tijori.account.ResidentAccounts;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The servlet filters and page interceptors of accounts, registered here beside the web code they are.
 */
@Configuration(proxyBeanMethods = false)
class AccountWebConfiguration implements WebMvcConfigurer {

    private final ResidentAccounts accounts;

    private final ObjectProvider<LocaleResolver> locales;

    AccountWebConfiguration(ResidentAccounts accounts, ObjectProvider<LocaleResolver> locales) {
        this.accounts = accounts;
        this.locales = locales;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new SignedInSessionInterceptor(accounts, locales));
    }

    @Bean
    FilterRegistrationBean<SessionLifetimeFilter> sessionLifetimeFilter(AccountProperties properties, Clock clock) {
        var registration = new FilterRegistrationBean<>(new SessionLifetimeFilter(properties, clock));
        // Right after Spring Session has put the stored session in place, before Spring Security reads it.
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER + 1);
        return registration;
    }
}
