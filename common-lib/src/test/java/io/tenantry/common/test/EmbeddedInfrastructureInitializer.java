package io.tenantry.common.test;

import java.util.Map;

import io.tenantry.common.db.DatabaseProvisioner.ServiceDatabase;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a service under test at its own database in the shared embedded PostgreSQL (the
 * app connects as the runtime role, Flyway as the owner role, exactly as deployed) and at
 * the shared embedded Kafka broker.
 */
public class EmbeddedInfrastructureInitializer
		implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		String name = context.getEnvironment().getRequiredProperty("spring.application.name");
		ServiceDatabase db = SharedPostgres.provision(name);
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("embeddedInfrastructure",
					Map.of("tenantry.db.port", SharedPostgres.instance().getPort(), "tenantry.db.host", "localhost",
							"tenantry.db.app-password", db.appPassword(), "tenantry.db.owner-password",
							db.ownerPassword(), "spring.kafka.bootstrap-servers", SharedKafka.bootstrapServers())));
	}

}
