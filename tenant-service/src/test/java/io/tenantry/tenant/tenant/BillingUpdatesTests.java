package io.tenantry.tenant.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.events.Actor;
import io.tenantry.common.events.CloudEvent;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.test.KafkaProbe;
import io.tenantry.common.test.MutableClockConfiguration;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import io.tenantry.tenant.events.TenantLifecycleChanged;
import io.tenantry.tenant.events.TenantUpdated;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The tenant's status and plan follow billing-service's events on {@code tenantry.billing.v1}
 * as billing publishes them: an unpaid subscription suspends the tenant, its recovery lifts
 * that suspension (never an operator's), entitlements set the plan, which tenant-service's
 * own API no longer changes.
 */
@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, MutableClockConfiguration.class })
class BillingUpdatesTests {

	static final String PLATFORM_ADMIN = TestJwts.token(PlatformTenant.ID, UUID.randomUUID(), "PLATFORM_ADMIN");

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	JsonMapper json;

	@Test
	void anUnpaidSubscriptionSuspendsTheTenantForNonPaymentAndItsRecoveryReactivatesIt() throws Exception {
		UUID id = activeTenant("BASIC");
		publish(id, unpaid(id, "INV-2031-0042"));
		awaitTenant(id, "$.status", "SUSPENDED");
		call(get("/api/tenants/" + id), owner(id), null).andExpect(jsonPath("$.status").value("SUSPENDED"))
			.andExpect(jsonPath("$.statusReason").value("Invoice INV-2031-0042 is unpaid"))
			.andExpect(jsonPath("$.suspendedFor").value("NONPAYMENT"))
			.andExpect(jsonPath("$.suspendedAt").exists());
		String suspended = event(id, TenantLifecycleChanged.SUSPENDED);
		assertThat((String) JsonPath.read(suspended, "$.data.previousStatus")).isEqualTo("ACTIVE");
		assertThat((String) JsonPath.read(suspended, "$.data.reason")).isEqualTo("Invoice INV-2031-0042 is unpaid");
		assertThat((String) JsonPath.read(suspended, "$.actor.type")).isEqualTo("system");

		publish(id, recovered(id));
		awaitTenant(id, "$.status", "ACTIVE");
		call(get("/api/tenants/" + id), owner(id), null).andExpect(jsonPath("$.statusReason").doesNotExist())
			.andExpect(jsonPath("$.suspendedFor").doesNotExist());
		String reactivated = event(id, TenantLifecycleChanged.REACTIVATED);
		assertThat((String) JsonPath.read(reactivated, "$.data.previousStatus")).isEqualTo("SUSPENDED");
		assertThat((String) JsonPath.read(reactivated, "$.actor.type")).isEqualTo("system");
		// what the gateway and user-service read: the usual events, on the tenant topic
		await().atMost(Duration.ofSeconds(20))
			.until(() -> publishedTypes(id).containsAll(
					List.of(TenantLifecycleChanged.SUSPENDED, TenantLifecycleChanged.REACTIVATED)));
	}

	@Test
	void aPaymentNeverLiftsAnOperatorsSuspension() throws Exception {
		UUID id = activeTenant("BASIC");
		call(post("/api/tenants/" + id + "/suspend"), PLATFORM_ADMIN, "{\"reason\":\"terms of service\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.suspendedFor").value("OPERATOR"));
		// billing's unpaid and recovered both arrive while the operator's suspension stands
		publish(id, unpaid(id, "INV-2031-0043"));
		publish(id, recovered(id));
		// the tenant's events are handled in order: the plan changed means both were seen
		publish(id, entitlements(id, "PROFESSIONAL"));
		awaitTenant(id, "$.plan", "PROFESSIONAL");
		call(get("/api/tenants/" + id), owner(id), null).andExpect(jsonPath("$.status").value("SUSPENDED"))
			.andExpect(jsonPath("$.statusReason").value("terms of service"))
			.andExpect(jsonPath("$.suspendedFor").value("OPERATOR"));
		assertThat(eventTypes(id)).doesNotContain(TenantLifecycleChanged.REACTIVATED);
	}

	@Test
	void entitlementsSetThePlanAndPublishItAsATenantUpdate() throws Exception {
		UUID id = activeTenant("BASIC");
		publish(id, entitlements(id, "ENTERPRISE"));
		awaitTenant(id, "$.plan", "ENTERPRISE");
		String updated = event(id, TenantUpdated.TYPE);
		assertThat((List<String>) JsonPath.read(updated, "$.data.changed")).containsExactly("plan");
		assertThat((String) JsonPath.read(updated, "$.data.plan")).isEqualTo("ENTERPRISE");
		assertThat((String) JsonPath.read(updated, "$.data.status")).isEqualTo("ACTIVE");
		assertThat((String) JsonPath.read(updated, "$.actor.type")).isEqualTo("system");
		// the same plan again (a new plan version of it) changes nothing and says nothing
		String sameAgain = entitlements(id, "ENTERPRISE");
		publish(id, sameAgain);
		awaitHandled(id, sameAgain);
		assertThat(eventTypes(id).stream().filter(TenantUpdated.TYPE::equals)).hasSize(1);
	}

	@Test
	void aRedeliveredEventIsAppliedOnce() throws Exception {
		UUID id = activeTenant("BASIC");
		String unpaid = unpaid(id, "INV-2031-0044");
		String professional = entitlements(id, "PROFESSIONAL");
		publish(id, unpaid);
		publish(id, professional);
		publish(id, recovered(id));
		publish(id, entitlements(id, "ENTERPRISE"));
		// the first two again, as Kafka may deliver them after a consumer restart
		publish(id, unpaid);
		publish(id, professional);
		// the tenant's events are handled in order: BASIC seen means the redeliveries were
		publish(id, entitlements(id, "BASIC"));
		awaitTenant(id, "$.plan", "BASIC");
		call(get("/api/tenants/" + id), owner(id), null).andExpect(jsonPath("$.status").value("ACTIVE"));
		assertThat(eventTypes(id).stream().filter(TenantLifecycleChanged.SUSPENDED::equals)).hasSize(1);
		assertThat(eventTypes(id).stream().filter(TenantUpdated.TYPE::equals)).as("PROFESSIONAL, ENTERPRISE, BASIC")
			.hasSize(3);
		assertThat(owner().queryForObject(
				"select count(*) from processed_event where tenant_id = ? and consumer = ? and event_id = ?",
				Long.class, id, BillingUpdates.CONSUMER, UUID.fromString(JsonPath.read(unpaid, "$.id"))))
			.isEqualTo(1);
	}

	@Test
	void thePlatformTenantUnknownTenantsAndOtherBillingEventsAreIgnored() throws Exception {
		publish(PlatformTenant.ID, unpaid(PlatformTenant.ID, "INV-PLATFORM"));
		publish(PlatformTenant.ID, entitlements(PlatformTenant.ID, "BASIC"));
		UUID unknown = UUID.randomUUID();
		String forUnknown = entitlements(unknown, "BASIC");
		publish(unknown, forUnknown);
		awaitHandled(unknown, forUnknown);
		UUID id = activeTenant("BASIC");
		publish(id, billingEvent(id, "io.tenantry.billing.invoice-paid.v1", Map.of("tenantId", id, "plan", "ENTERPRISE",
				"status", "PAID")));
		String last = entitlements(id, "PROFESSIONAL");
		publish(id, last);
		awaitTenant(id, "$.plan", "PROFESSIONAL");
		assertThat(eventTypes(id).stream().filter(TenantUpdated.TYPE::equals)).as("one plan change: PROFESSIONAL")
			.hasSize(1);
		call(get("/api/tenants/" + PlatformTenant.ID), PLATFORM_ADMIN, null)
			.andExpect(jsonPath("$.status").value("ACTIVE"))
			.andExpect(jsonPath("$.plan").value("ENTERPRISE"));
		assertThat(owner().queryForObject("select count(*) from tenant where tenant_id = ?", Long.class, unknown))
			.isZero();
	}

	@Test
	void anEntitlementOfAPlanThisServiceDoesNotKnowGoesToTheDeadLetterTopic() throws Exception {
		UUID id = activeTenant("BASIC");
		String unknownPlan = entitlements(id, "PLATINUM");
		publish(id, unknownPlan);
		String eventId = JsonPath.read(unknownPlan, "$.id");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> KafkaProbe.read(Topics.BILLING + Topics.DEAD_LETTER_SUFFIX, Duration.ofSeconds(2))
				.stream()
				.map(ConsumerRecord::value)
				.anyMatch((value) -> value.contains(eventId)));
		call(get("/api/tenants/" + id), owner(id), null).andExpect(jsonPath("$.plan").value("BASIC"));
	}

	@Test
	void thePlanIsBillingsAndAChangeOfItThroughTheTenantIsRefused() throws Exception {
		UUID id = activeTenant("BASIC");
		for (String caller : List.of(PLATFORM_ADMIN, owner(id))) {
			call(put("/api/tenants/" + id), caller, "{\"name\":\"Renamed\",\"plan\":\"ENTERPRISE\"}")
				.andExpect(status().isConflict())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/conflict"))
				.andExpect(jsonPath("$.field").value("plan"))
				.andExpect(jsonPath("$.plan").value("BASIC"))
				.andExpect(jsonPath("$.detail").value(
						org.hamcrest.Matchers.containsString("PUT /api/billing/subscriptions/{id}")));
		}
		call(put("/api/tenants/" + id), PLATFORM_ADMIN, "{\"plan\":\"BASIC\",\"name\":\"Same plan\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.plan").value("BASIC"))
			.andExpect(jsonPath("$.name").value("Same plan"));
		call(put("/api/tenants/" + id), PLATFORM_ADMIN, "{\"plan\":\"GOLD\"}").andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		call(get("/api/tenants/" + id), owner(id), null).andExpect(jsonPath("$.plan").value("BASIC"))
			.andExpect(jsonPath("$.name").value("Same plan"));
		List<String> updates = owner().queryForList(
				"select payload from event_outbox where tenant_id = ? and event_type = ? order by id", String.class, id,
				TenantUpdated.TYPE);
		assertThat(updates).hasSize(1);
		assertThat((List<String>) JsonPath.read(updates.get(0), "$.data.changed")).containsExactly("name");
	}

	private String unpaid(UUID tenant, String invoiceNumber) {
		return billingEvent(tenant, BillingUpdates.SUBSCRIPTION_UNPAID,
				Map.of("tenantId", tenant, "subscriptionId", UUID.randomUUID(), "invoiceId", UUID.randomUUID(),
						"invoiceNumber", invoiceNumber, "currency", "eur", "amountDue", 4900, "at", Instant.now()));
	}

	private String recovered(UUID tenant) {
		return billingEvent(tenant, BillingUpdates.SUBSCRIPTION_RECOVERED, Map.of("tenantId", tenant,
				"subscriptionId", UUID.randomUUID(), "previousStatus", "UNPAID", "at", Instant.now()));
	}

	private String entitlements(UUID tenant, String plan) {
		return billingEvent(tenant, BillingUpdates.ENTITLEMENTS_CHANGED,
				Map.of("tenantId", tenant, "plan", plan, "planVersion", 1, "limits", Map.of("users", 10),
						"features", List.of(), "effectiveAt", Instant.now()));
	}

	/** An event as billing-service publishes it: subject and key the tenant, actor system. */
	private String billingEvent(UUID tenant, String type, Map<String, Object> data) {
		return this.json.writeValueAsString(CloudEvent.of("/billing-service", type, Instant.now(), tenant.toString(),
				tenant, Actor.system("billing-service"), data));
	}

	private void publish(UUID tenant, String event) throws Exception {
		this.kafka.send(Topics.BILLING, tenant.toString(), event).get();
	}

	private void awaitHandled(UUID tenant, String event) {
		UUID eventId = UUID.fromString(JsonPath.read(event, "$.id"));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> owner().queryForObject(
					"select count(*) from processed_event where tenant_id = ? and consumer = ? and event_id = ?",
					Long.class, tenant, BillingUpdates.CONSUMER, eventId) == 1);
	}

	private void awaitTenant(UUID tenant, String path, String value) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> call(get("/api/tenants/" + tenant), PLATFORM_ADMIN, null).andReturn()
				.getResponse()
				.getContentAsString(), (body) -> value.equals(JsonPath.read(body, path)));
	}

	/** A tenant without an owner, made ACTIVE by its one onboarding step: its root organization. */
	private UUID activeTenant(String plan) throws Exception {
		String slug = "b-" + UUID.randomUUID().toString().substring(0, 8);
		String body = call(post("/api/tenants"), PLATFORM_ADMIN,
				"{\"slug\":\"" + slug + "\",\"name\":\"Billed\",\"plan\":\"" + plan + "\"}")
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		UUID id = UUID.fromString(JsonPath.read(body, "$.id"));
		String root = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"test\","
				+ "\"type\":\"io.tenantry.organization.created.v1\",\"time\":\"" + Instant.now() + "\",\"tenantid\":\""
				+ id + "\",\"data\":{\"organizationId\":\"" + UUID.randomUUID()
				+ "\",\"name\":\"Billed\",\"parentId\":null}}";
		this.kafka.send(Topics.ORGANIZATION, id.toString(), root).get();
		awaitTenant(id, "$.status", "ACTIVE");
		return id;
	}

	private ResultActions call(MockHttpServletRequestBuilder request, String token, String body) throws Exception {
		request.header("Authorization", "Bearer " + token);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(body);
		}
		return this.mvc.perform(request);
	}

	private static String owner(UUID tenant) {
		return TestJwts.token(tenant, UUID.randomUUID(), "OWNER");
	}

	private static List<String> eventTypes(UUID tenant) {
		return owner().queryForList("select event_type from event_outbox where tenant_id = ? order by id", String.class,
				tenant);
	}

	private static List<String> publishedTypes(UUID tenant) {
		return KafkaProbe.read(Topics.TENANT, Duration.ofSeconds(2))
			.stream()
			.filter((record) -> tenant.toString().equals(record.key()))
			.map((record) -> (String) JsonPath.read(record.value(), "$.type"))
			.toList();
	}

	private static String event(UUID tenant, String type) {
		return owner().queryForObject(
				"select payload from event_outbox where tenant_id = ? and event_type = ? order by id desc limit 1",
				String.class, tenant, type);
	}

	private static JdbcTemplate owner() {
		return new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "tenant_service"));
	}

}
