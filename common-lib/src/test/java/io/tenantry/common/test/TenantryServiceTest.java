package io.tenantry.common.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;

/**
 * A whole service against its own database in embedded PostgreSQL and the shared embedded
 * Kafka broker, with no discovery and
 * its config server unreachable. Tokens come from {@link TestJwts}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(properties = {
		// the config server is down (nothing listens on port 9): the service must start on its defaults
		"CONFIG_SERVER_URL=http://localhost:9", "eureka.client.enabled=false",
		"spring.cloud.discovery.enabled=false" })
@AutoConfigureMockMvc
@ContextConfiguration(initializers = EmbeddedInfrastructureInitializer.class)
public @interface TenantryServiceTest {

}
