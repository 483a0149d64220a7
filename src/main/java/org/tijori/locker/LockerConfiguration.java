package org.tijori.locker;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The locker's settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LockerProperties.class)
class LockerConfiguration {
}
