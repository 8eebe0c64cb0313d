package io.tenantry.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace follows a tenant's creation from the caller through the gateway into
 * tenant-service, over Kafka into organization-service and user-service, and back into
 * tenant-service when the tenant becomes active: every event it caused carries the caller's
 * trace id.
 */
@Order(8)
class TracingE2ETests {

	@BeforeAll
	static void suiteIsRunning() {
		Suite.stack();
	}

	@Test
	void aTenantsOnboardingIsOneTraceAcrossTheServicesAndKafka() throws SQLException {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String slug = "traced-" + UUID.randomUUID().toString().substring(0, 6);
		HttpResponse<String> created = Suite.send(HttpRequest.newBuilder(URI.create(Suite.gateway() + "/api/tenants"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + Suite.adminToken())
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"" + slug
					+ "\",\"name\":\"Traced\",\"plan\":\"BASIC\",\"ownerEmail\":\"owner@" + slug + ".example\"}"))
			.build());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		UUID tenant = UUID.fromString(JsonPath.read(created.body(), "$.id"));

		await().atMost(Duration.ofSeconds(90))
			.until(() -> traceOf("tenant_service", tenant, "io.tenantry.tenant.activated.v1") != null);
		Map<String, String> traces = new HashMap<>();
		traces.put("tenant.created", traceOf("tenant_service", tenant, "io.tenantry.tenant.created.v1"));
		traces.put("organization.created", traceOf("organization_service", tenant,
				"io.tenantry.organization.created.v1"));
		traces.put("user.created", traceOf("user_service", tenant, "io.tenantry.user.created.v1"));
		traces.put("tenant.activated", traceOf("tenant_service", tenant, "io.tenantry.tenant.activated.v1"));
		assertThat(traces).allSatisfy((event, traceParent) -> assertThat(traceParent).as(event)
			.startsWith("00-" + traceId + "-"));
		assertThat(traces.values()).as("each written under a span of its own").doesNotHaveDuplicates();
	}

	/** The trace context kept with the tenant's first event of {@code type}, or null. */
	private static String traceOf(String database, UUID tenant, String type) throws SQLException {
		try (Connection db = DriverManager.getConnection(Suite.jdbcUrl(database), "postgres", "postgres");
				PreparedStatement query = db.prepareStatement(
						"select trace_parent from event_outbox where tenant_id = ? and event_type = ? order by id limit 1")) {
			query.setObject(1, tenant);
			query.setString(2, type);
			try (ResultSet rs = query.executeQuery()) {
				return rs.next() ? rs.getString(1) : null;
			}
		}
	}

}
