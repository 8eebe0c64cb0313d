package io.tenantry.common.env;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class TenantryDefaultsEnvironmentPostProcessorTests {

	@Test
	void databaseAndRolesAreNamedAfterTheApplication() {
		StandardEnvironment environment = environment(Map.of("spring.application.name", "tenant-service"));
		assertThat(environment.getProperty("spring.datasource.url"))
			.isEqualTo("jdbc:postgresql://localhost:5432/tenant_service");
		assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("tenant_service_app");
		assertThat(environment.getProperty("spring.flyway.user")).isEqualTo("tenant_service_owner");
		assertThat(environment.getProperty("spring.flyway.placeholders.app_role")).isEqualTo("tenant_service_app");
		assertThat(environment.getProperty("spring.jpa.hibernate.ddl-auto")).isEqualTo("validate");
	}

	@Test
	void everyOtherSourceOverridesTheDefaults() {
		StandardEnvironment environment = environment(
				Map.of("spring.application.name", "user-service", "tenantry.db.port", "15432"));
		assertThat(environment.getProperty("spring.datasource.url"))
			.isEqualTo("jdbc:postgresql://localhost:15432/user_service");
	}

	@Test
	void withoutAnApplicationNameNothingIsAdded() {
		StandardEnvironment environment = environment(Map.of());
		assertThat(environment.getProperty("spring.datasource.url")).isNull();
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new TenantryDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
