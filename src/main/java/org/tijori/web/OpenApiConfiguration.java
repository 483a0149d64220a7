package org.tijori.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI tijoriOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Tijori API")
                .description("Tijori's own JSON APIs and its DigiLocker-compatible endpoints. Errors of Tijori's "
                        + "own APIs are RFC 9457 problem details.")
                .version("v1")
                .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")));
    }
}
