package io.tenantry.billing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tenantry.billing.plan.Plan;
import io.tenantry.billing.plan.PlanCatalogue;
import io.tenantry.common.events.Topics;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TestJwts;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

import static org.awaitility.Awaitility.await;

/** What billing-service's tests share: tenants subscribed through Kafka, tokens, the owner's view. */
public final class BillingFixtures {

	private BillingFixtures() {
	}

	/** A new tenant on {@code plan}, created through tenant-service's event, once it is invoiced. */
	public static UUID subscribed(KafkaTemplate<String, String> kafka, String plan) {
		UUID tenant = UUID.randomUUID();
		kafka.send(Topics.TENANT, tenant.toString(), tenantCreated(tenant, UUID.randomUUID(), plan));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> owner().queryForObject("select count(*) from invoice where tenant_id = ?", Long.class,
					tenant) == 1);
		return tenant;
	}

	public static String tenantCreated(UUID tenant, UUID eventId, String plan) {
		return """
				{"specversion":"1.0","id":"%s","source":"/tenant-service","type":"io.tenantry.tenant.created.v1",
				 "time":"%s","subject":"%s","tenantid":"%s","actor":{"type":"user","id":"operator","ip":"192.0.2.1"},
				 "data":{"tenantId":"%s","slug":"t-%s","name":"Tenant","plan":"%s","status":"PROVISIONING",
				  "ownerEmail":null}}"""
			.formatted(eventId, Instant.now(), tenant, tenant, tenant, tenant, plan);
	}

	/** A usage event as a service publishes it on {@code tenantry.usage.v1}. */
	public static String usageRecorded(UUID eventId, UUID tenant, String metric, long quantity, Instant at) {
		return """
				{"specversion":"1.0","id":"%s","source":"/gateway","type":"io.tenantry.usage.recorded.v1",
				 "time":"%s","subject":"%s","tenantid":"%s","actor":{"type":"system","id":"gateway","ip":null},
				 "data":{"tenantId":"%s","metric":"%s","quantity":%d,"windowStart":"%s","windowEnd":"%s"}}"""
			.formatted(eventId, at, metric, tenant, tenant, metric, quantity, at.minusSeconds(5), at);
	}

	/** A user's token with {@code roles}. */
	public static String user(UUID tenant, String... roles) {
		return TestJwts.token(tenant, UUID.randomUUID(), roles);
	}

	/** An API client's token (client_credentials): roles and scopes as user-service grants them. */
	public static String client(UUID tenant, List<String> roles, String... scopes) {
		Instant now = Instant.now();
		return TestJwts.sign(TestJwts.key(),
				JwtClaimsSet.builder()
					.issuer(TestJwts.ISSUER)
					.subject("client-" + UUID.randomUUID())
					.issuedAt(now)
					.expiresAt(now.plusSeconds(600))
					.id(UUID.randomUUID().toString())
					.claim("tid", tenant.toString())
					.claim("roles", roles)
					.claim("client_id", "client-" + tenant)
					.claim("scope", String.join(" ", scopes))
					.build());
	}

	/** Adds a version of {@code plan} with the seeded limits and features and these prices. */
	public static void addVersion(PlanCatalogue catalogue, String plan, long monthly, long yearly) {
		var current = catalogue.current(Plan.valueOf(plan));
		catalogue.add(current.plan(), "usd", monthly, yearly, current.limits(), current.features(),
				current.usagePrices(), "test");
	}

	public static JdbcTemplate owner() {
		return new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "billing_service"));
	}

	public static Map<String, Object> row(String sql, Object... args) {
		return owner().queryForMap(sql, args);
	}

}
