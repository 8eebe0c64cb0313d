package io.tenantry.common.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CloudEventTests {

	@Test
	void envelopeSerialisesWithCloudEventsAttributeNames() {
		UUID tenant = UUID.fromString("11111111-1111-1111-1111-111111111111");
		CloudEvent<Map<String, String>> event = new CloudEvent<>("1.0", "evt-1", "/tenant-service",
				"io.tenantry.tenant.suspended.v1", Instant.parse("2026-01-02T03:04:05Z"), "tenant-42",
				tenant.toString(), new Actor("user", "u-1", "203.0.113.9"), "application/json",
				Map.of("reason", "unpaid"));
		String json = JsonMapper.builder().build().writeValueAsString(event);
		assertThat(json).isEqualTo("{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"/tenant-service\","
				+ "\"type\":\"io.tenantry.tenant.suspended.v1\",\"time\":\"2026-01-02T03:04:05Z\","
				+ "\"subject\":\"tenant-42\",\"tenantid\":\"11111111-1111-1111-1111-111111111111\","
				+ "\"actor\":{\"type\":\"user\",\"id\":\"u-1\",\"ip\":\"203.0.113.9\"},"
				+ "\"datacontenttype\":\"application/json\",\"data\":{\"reason\":\"unpaid\"}}");
	}

	@Test
	void newEventsGetAUniqueIdAndTheSpecVersion() {
		CloudEvent<String> a = CloudEvent.of("/x", "io.tenantry.user.created.v1", Instant.now(), "s", UUID.randomUUID(),
				Actor.system("user-service"), "d");
		CloudEvent<String> b = CloudEvent.of("/x", "io.tenantry.user.created.v1", Instant.now(), "s", UUID.randomUUID(),
				Actor.system("user-service"), "d");
		assertThat(a.id()).isNotEqualTo(b.id());
		assertThat(a.specversion()).isEqualTo("1.0");
	}

	@Test
	void typeMustFollowTheNamingRule() {
		assertThatIllegalArgumentException().isThrownBy(() -> CloudEvent.of("/x", "TenantSuspended", Instant.now(), "s",
				UUID.randomUUID(), Actor.system("x"), "d"));
		assertThatIllegalArgumentException().isThrownBy(() -> CloudEvent.of("/x", "io.tenantry.tenant.suspended",
				Instant.now(), "s", UUID.randomUUID(), Actor.system("x"), "d"));
	}

}
