package org.tijori.account.web;

import java.time.Clock;

import org.tijori.account.AccountProperties;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * The servlet filters of accounts, registered here beside the web code they are.
 */
@Configuration(proxyBeanMethods = false)
class AccountWebConfiguration {

    @Bean
    FilterRegistrationBean<SessionLifetimeFilter> sessionLifetimeFilter(AccountProperties properties, Clock clock) {
        var registration = new FilterRegistrationBean<>(new SessionLifetimeFilter(properties, clock));
        // Right after Spring Session has put the stored session in place, before Spring Security reads it.
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER + 1);
        return registration;
    }
}
