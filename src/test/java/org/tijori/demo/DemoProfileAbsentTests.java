package org.tijori.demo;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Without the demo profile, nothing of the demo issuer exists: no beans, no endpoints, no filter chain. */
@SpringBootTest
class DemoProfileAbsentTests {

    @Autowired
    ApplicationContext context;

    @Test
    void noDemoBeanExistsWithoutTheDemoProfile() {
        assertThat(context.getEnvironment().getActiveProfiles()).doesNotContain("demo");
        assertThat(context.getBeanNamesForType(DemoIssuer.class)).isEmpty();
        assertThat(Arrays.stream(context.getBeanDefinitionNames()).map(context::getType)
                .filter(type -> type != null && type.getPackageName().startsWith("org.tijori.demo")))
                .isEmpty();
        assertThat(context.containsBean("demoIssuerEndpoint")).isFalse();
    }
}
