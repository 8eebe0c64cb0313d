package io.tenantry.common.env;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Local defaults every domain service shares, derived from {@code spring.application.name}
 * so that one name serves for the module, the database and its roles: service
 * {@code tenant-service} uses database {@code tenant_service}, migrated by role
 * {@code tenant_service_owner} and used at run time by {@code tenant_service_app}.
 * <p>
 * These sit below every other property source: {@code application.yml}, the config server
 * ({@code deploy/config}) and the environment all override them.
 */
public class TenantryDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String SOURCE_NAME = "tenantryDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String name = environment.getProperty("spring.application.name");
		if (name == null || environment.getPropertySources().contains(SOURCE_NAME)) {
			return;
		}
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults(name)));
	}

	static Map<String, Object> defaults(String applicationName) {
		String database = applicationName.replace('-', '_');
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("tenantry.db.name", database);
		defaults.put("tenantry.db.host", "localhost");
		defaults.put("tenantry.db.port", "5432");
		defaults.put("tenantry.db.app-role", database + "_app");
		defaults.put("tenantry.db.owner-role", database + "_owner");
		defaults.put("tenantry.db.app-password", "local-only-" + database + "-app");
		defaults.put("tenantry.db.owner-password", "local-only-" + database + "-owner");
		defaults.put("spring.datasource.url",
				"jdbc:postgresql://${tenantry.db.host}:${tenantry.db.port}/${tenantry.db.name}");
		defaults.put("spring.datasource.username", "${tenantry.db.app-role}");
		defaults.put("spring.datasource.password", "${tenantry.db.app-password}");
		defaults.put("spring.datasource.hikari.maximum-pool-size", "10");
		// batched inserts become multi-row statements
		defaults.put("spring.datasource.hikari.data-source-properties.reWriteBatchedInserts", "true");
		defaults.put("spring.flyway.url", "${spring.datasource.url}");
		defaults.put("spring.flyway.user", "${tenantry.db.owner-role}");
		defaults.put("spring.flyway.password", "${tenantry.db.owner-password}");
		defaults.put("spring.flyway.placeholders.app_role", "${tenantry.db.app-role}");
		defaults.put("spring.flyway.locations", "classpath:db/migration,classpath:db/common");
		// db/common (V1_1, V1_2, ...) grows beside each service's own versions
		defaults.put("spring.flyway.out-of-order", "true");
		defaults.put("spring.kafka.producer.acks", "all");
		defaults.put("spring.kafka.producer.properties.enable.idempotence", "true");
		// the outbox relay holds a transaction while it sends: fail fast when Kafka is away
		// and let the next relay run try again
		defaults.put("spring.kafka.producer.properties.max.block.ms", "5000");
		defaults.put("spring.kafka.producer.properties.request.timeout.ms", "5000");
		defaults.put("spring.kafka.producer.properties.delivery.timeout.ms", "10000");
		defaults.put("spring.kafka.consumer.group-id", "${spring.application.name}");
		defaults.put("spring.kafka.consumer.auto-offset-reset", "earliest");
		// a listener's span continues the trace in the record's traceparent header
		defaults.put("spring.kafka.listener.observation-enabled", "true");
		defaults.put("spring.jpa.open-in-view", "false");
		defaults.put("spring.jpa.hibernate.ddl-auto", "validate");
		defaults.put("spring.mvc.problemdetails.enabled", "true");
		defaults.put("server.error.include-stacktrace", "never");
		defaults.put("server.error.include-message", "never");
		defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
		defaults.put("management.endpoint.health.probes.enabled", "true");
		defaults.put("management.endpoint.health.group.readiness.include", "readinessState,db");
		defaults.put("management.metrics.tags.application", "${spring.application.name}");
		defaults.put("management.metrics.tags.instance", "${eureka.instance.instance-id:${spring.application.name}}");
		// buckets for p95/p99 in PromQL (histogram_quantile), 5 ms to 30 s
		defaults.put("management.metrics.distribution.percentiles-histogram.http.server.requests", "true");
		defaults.put("management.metrics.distribution.minimum-expected-value.http.server.requests", "5ms");
		defaults.put("management.metrics.distribution.maximum-expected-value.http.server.requests", "30s");
		// every request is traced (a trace id in each of its log lines); spans leave the
		// process only when management.opentelemetry.tracing.export.otlp.endpoint is set
		defaults.put("management.tracing.sampling.probability", "1.0");
		// no span per security filter, nor a trace every time a scheduled job (the outbox
		// relay: 5 a second) runs; requests, listeners and the database pool stay observed
		defaults.put("management.observations.enable.spring.security", "false");
		defaults.put("management.observations.enable.tasks.scheduled", "false");
		defaults.put("springdoc.api-docs.path", "/v3/api-docs");
		return defaults;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
