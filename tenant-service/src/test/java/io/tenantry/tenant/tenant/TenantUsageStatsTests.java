package io.tenantry.tenant.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.events.Actor;
import io.tenantry.common.events.CloudEvent;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.test.MutableClockConfiguration;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A tenant's API calls and storage in its statistics, from usage events on
 * {@code tenantry.usage.v1} as the gateway (and, for storage, any measuring service)
 * publishes them.
 */
@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, MutableClockConfiguration.class })
class TenantUsageStatsTests {

	static final String PLATFORM_ADMIN = TestJwts.token(PlatformTenant.ID, UUID.randomUUID(), "PLATFORM_ADMIN");

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	JsonMapper json;

	@Test
	void apiCallsAddUpStorageIsTheLastLevelAndARedeliveredEventCountsOnce() throws Exception {
		UUID tenant = newTenant();
		String firstWindow = usage(tenant, "api_calls", 5);
		publish(tenant, firstWindow);
		publish(tenant, usage(tenant, "api_calls", 7));
		publish(tenant, firstWindow);
		publish(tenant, usage(tenant, "users", 3));
		publish(tenant, usage(tenant, "storage_bytes", 1_000_000));
		publish(tenant, usage(tenant, "api_calls", 1));
		publish(tenant, usage(tenant, "storage_bytes", 400_000));
		// the tenant's events are handled in order: the last one seen means all were
		String stats = awaitStats(tenant, 400_000);
		assertThat(((Number) JsonPath.read(stats, "$.apiCalls")).longValue()).as("5 + 7 + 1, the redelivery once")
			.isEqualTo(13);
		assertThat((Integer) JsonPath.read(stats, "$.totalUsers")).as("users are not counted from usage").isZero();
	}

	@Test
	void anotherTenantsUsageIsNotInATenantsStatistics() throws Exception {
		UUID tenant = newTenant();
		UUID other = newTenant();
		publish(tenant, usage(tenant, "api_calls", 2));
		publish(tenant, usage(tenant, "storage_bytes", 10));
		publish(other, usage(other, "api_calls", 300));
		publish(other, usage(other, "storage_bytes", 20));
		String mine = awaitStats(tenant, 10);
		String theirs = awaitStats(other, 20);
		assertThat(((Number) JsonPath.read(mine, "$.apiCalls")).longValue()).isEqualTo(2);
		assertThat(((Number) JsonPath.read(theirs, "$.apiCalls")).longValue()).isEqualTo(300);
		this.mvc.perform(get("/api/tenants/" + other + "/stats").header("Authorization", "Bearer " + owner(tenant)))
			.andExpect(status().isNotFound());
	}

	/** An event as the gateway publishes it: one tenant, one metric, one window. */
	private String usage(UUID tenant, String metric, long quantity) {
		Instant end = Instant.now();
		record Usage(UUID tenantId, String metric, long quantity, Instant windowStart, Instant windowEnd) {
		}
		return this.json.writeValueAsString(CloudEvent.of("/gateway", TenantStats.USAGE_RECORDED, end, metric, tenant,
				Actor.system("gateway"), new Usage(tenant, metric, quantity, end.minusSeconds(5), end)));
	}

	private void publish(UUID tenant, String event) throws Exception {
		this.kafka.send(Topics.USAGE, tenant.toString(), event).get();
	}

	private String awaitStats(UUID tenant, long storageBytes) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> this.mvc.perform(get("/api/tenants/" + tenant + "/stats").header("Authorization",
					"Bearer " + owner(tenant)))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString(), (json) -> ((Number) JsonPath.read(json, "$.storageBytes")).longValue() == storageBytes);
	}

	private UUID newTenant() throws Exception {
		String slug = "u-" + UUID.randomUUID().toString().substring(0, 8);
		String body = this.mvc
			.perform(post("/api/tenants").header("Authorization", "Bearer " + PLATFORM_ADMIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"slug\":\"" + slug + "\",\"name\":\"Metered\",\"plan\":\"BASIC\"}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JsonPath.read(body, "$.id"));
	}

	private static String owner(UUID tenant) {
		return TestJwts.token(tenant, UUID.randomUUID(), "OWNER");
	}

}
