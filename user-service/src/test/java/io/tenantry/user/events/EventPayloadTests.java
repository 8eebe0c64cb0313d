package io.tenantry.user.events;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the JSON of each event payload: consumers depend on these names. */
class EventPayloadTests {

	static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-000000000001");

	static final UUID USER = UUID.fromString("3f6e1c52-5d0a-4b59-8f0b-2d7a7c1f0e42");

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void loginSucceeded() {
		assertThat(this.json.writeValueAsString(new LoginSucceeded(TENANT, USER, "admin@tenantry.local")))
			.isEqualTo("{\"tenantId\":\"00000000-0000-0000-0000-000000000001\","
					+ "\"userId\":\"3f6e1c52-5d0a-4b59-8f0b-2d7a7c1f0e42\",\"email\":\"admin@tenantry.local\"}");
		assertThat(LoginSucceeded.TYPE).isEqualTo("io.tenantry.user.login-succeeded.v1");
	}

	@Test
	void loginFailed() {
		assertThat(this.json.writeValueAsString(new LoginFailed(TENANT, null, "who@example.com", "invalid_credentials")))
			.isEqualTo("{\"tenantId\":\"00000000-0000-0000-0000-000000000001\",\"userId\":null,"
					+ "\"email\":\"who@example.com\",\"reason\":\"invalid_credentials\"}");
		assertThat(LoginFailed.TYPE).isEqualTo("io.tenantry.user.login-failed.v1");
	}

}
