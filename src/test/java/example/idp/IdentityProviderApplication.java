package example.idp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A real OpenID Connect provider (Spring Authorization Server) for Tijori's "sign in with ..." tests.
 * It lives outside {@code org.tijori} so that Tijori's own component scan never picks it up; its
 * settings come from the test that starts it.
 */
@SpringBootApplication
public class IdentityProviderApplication {

    /**
     * The test classpath is Tijori's: leave out what a stateless identity provider does not use (a
     * database, sessions in it, Tijori's module runtime).
     */
    public static final String NOT_NEEDED = String.join(",",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
            "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
            "org.springframework.modulith.events.config.EventPublicationAutoConfiguration",
            "org.springframework.modulith.events.config.EventExternalizationAutoConfiguration",
            "org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration",
            "org.springframework.modulith.runtime.autoconfigure.SpringModulithRuntimeAutoConfiguration",
            "org.springframework.modulith.core.config.ApplicationModuleInitializerRuntimeVerification");
}
