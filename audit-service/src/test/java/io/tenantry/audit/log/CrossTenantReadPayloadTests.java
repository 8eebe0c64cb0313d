package io.tenantry.audit.log;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the JSON of the event audit-service publishes: consumers depend on these names. */
class CrossTenantReadPayloadTests {

	@Test
	void crossTenantRead() {
		CrossTenantRead read = new CrossTenantRead(UUID.fromString("00000000-0000-0000-0000-000000000001"),
				UUID.fromString("11111111-1111-1111-1111-111111111111"), "operator-1", Map.of("action", "io.tenantry.user."),
				Instant.parse("2026-11-27T16:00:00Z"));
		assertThat(JsonMapper.builder().build().writeValueAsString(read))
			.isEqualTo("{\"tenantId\":\"00000000-0000-0000-0000-000000000001\","
					+ "\"readTenantId\":\"11111111-1111-1111-1111-111111111111\",\"operatorId\":\"operator-1\","
					+ "\"query\":{\"action\":\"io.tenantry.user.\"},\"at\":\"2026-11-27T16:00:00Z\"}");
		assertThat(CrossTenantRead.TYPE).isEqualTo("io.tenantry.audit.cross-tenant-read.v1");
	}

}
