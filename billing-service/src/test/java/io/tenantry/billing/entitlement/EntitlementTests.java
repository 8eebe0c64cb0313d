package io.tenantry.billing.entitlement;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.billing.StripeStub;
import io.tenantry.billing.events.EntitlementsChanged;
import io.tenantry.billing.events.OperatorAccess;
import io.tenantry.billing.events.UsageThresholdReached;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.test.AsyncApiContract;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static io.tenantry.billing.BillingFixtures.client;
import static io.tenantry.billing.BillingFixtures.owner;
import static io.tenantry.billing.BillingFixtures.subscribed;
import static io.tenantry.billing.BillingFixtures.usageRecorded;
import static io.tenantry.billing.BillingFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A tenant's entitlements are its plan version's limits and features against its use; products
 * ask before creating; thresholds are announced once per period; the services that enforce
 * limits are told of every plan that takes effect.
 */
@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, StripeStub.Configuration.class })
class EntitlementTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Test
	void aNewSubscriptionPublishesItsPlansEntitlementsAndAnOperatorsPlanChangePublishesTheNew() throws Exception {
		UUID tenant = subscribed(this.kafka, "BASIC");
		String basic = entitlementsEvent(tenant, 1);
		assertThat((String) JsonPath.read(basic, "$.data.plan")).isEqualTo("BASIC");
		assertThat((Integer) JsonPath.read(basic, "$.data.limits.users")).isEqualTo(10);
		assertThat((List<String>) JsonPath.read(basic, "$.data.features")).contains("basic_analytics")
			.doesNotContain("api_access");
		String operator = TestJwts.token(PlatformTenant.ID, UUID.randomUUID(), "PLATFORM_ADMIN");
		String change = "{\"plan\":\"ENTERPRISE\"}";
		// only a platform operator, and only across tenants from the platform tenant
		this.mvc.perform(put("/api/billing/platform/tenants/" + tenant + "/subscription")
			.header("Authorization", "Bearer " + user(tenant, "OWNER"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(change)).andExpect(status().isForbidden());
		this.mvc.perform(put("/api/billing/platform/tenants/" + tenant + "/subscription")
			.header("Authorization", "Bearer " + TestJwts.token(tenant, UUID.randomUUID(), "PLATFORM_ADMIN"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(change)).andExpect(status().isNotFound());
		assertThat(entitlementsEvents(tenant)).isOne();
		this.mvc.perform(get("/api/billing/platform/tenants/" + tenant + "/subscription")
			.header("Authorization", "Bearer " + operator)).andExpect(status().isOk())
			.andExpect(jsonPath("$.plan").value("BASIC"));
		this.mvc.perform(put("/api/billing/platform/tenants/" + tenant + "/subscription")
			.header("Authorization", "Bearer " + operator)
			.contentType(MediaType.APPLICATION_JSON)
			.content(change)).andExpect(status().isOk()).andExpect(jsonPath("$.plan").value("ENTERPRISE"));
		assertThat(entitlementsEvents(tenant)).isEqualTo(2);
		// each read and change is in the tenant's audit trail and in the platform's
		assertThat(owner().queryForList("""
				select payload::jsonb -> 'data' ->> 'action' from event_outbox
				where tenant_id = ? and event_type = ? order by id""", String.class, tenant, OperatorAccess.TYPE))
			.containsExactly("READ", "CHANGE");
		assertThat(owner().queryForObject("""
				select count(*) from event_outbox where tenant_id = ? and event_type = ?
				    and payload::jsonb -> 'data' ->> 'targetTenantId' = ?""", Long.class, PlatformTenant.ID,
				OperatorAccess.TYPE, tenant.toString())).isEqualTo(2);
		String enterprise = entitlementsEvent(tenant, 2);
		assertThat((String) JsonPath.read(enterprise, "$.data.plan")).isEqualTo("ENTERPRISE");
		assertThat((java.util.Map<?, ?>) JsonPath.read(enterprise, "$.data.limits")).isEmpty();
		assertThat((List<String>) JsonPath.read(enterprise, "$.data.features")).contains("sso", "api_access");
	}

	@Test
	void entitlementsShowEachLimitAgainstUseAndAProductAsksBeforeCreating() throws Exception {
		UUID tenant = subscribed(this.kafka, "BASIC");
		report(tenant, "projects", 4, "p-4");
		entitlements(tenant, user(tenant, "MEMBER")).andExpect(status().isOk())
			.andExpect(jsonPath("$.plan").value("BASIC"))
			.andExpect(jsonPath("$.features[0]").value("basic_analytics"))
			.andExpect(jsonPath("$.usage[?(@.metric=='projects')].limit").value(5))
			.andExpect(jsonPath("$.usage[?(@.metric=='projects')].used").value(4))
			.andExpect(jsonPath("$.usage[?(@.metric=='projects')].remaining").value(1))
			.andExpect(jsonPath("$.usage[?(@.metric=='projects')].percent").value(80.0))
			.andExpect(jsonPath("$.usage[?(@.metric=='api_calls')].limit").value(org.hamcrest.Matchers.contains(
					org.hamcrest.Matchers.nullValue())));
		check(tenant, "{\"metric\":\"projects\",\"quantity\":1}").andExpect(status().isOk())
			.andExpect(jsonPath("$.allowed").value(true))
			.andExpect(jsonPath("$.limit").value(5))
			.andExpect(jsonPath("$.used").value(4))
			.andExpect(jsonPath("$.remaining").value(1));
		check(tenant, "{\"metric\":\"projects\",\"quantity\":2}").andExpect(jsonPath("$.allowed").value(false));
		check(tenant, "{\"metric\":\"api_calls\",\"quantity\":1000000}").andExpect(jsonPath("$.allowed").value(true))
			.andExpect(jsonPath("$.limit").doesNotExist());
		check(tenant, "{\"metric\":\"seats\",\"quantity\":1}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metric"));
		check(tenant, "{\"metric\":\"projects\",\"quantity\":-1}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("quantity"));

		UUID other = subscribed(this.kafka, "BASIC");
		check(other, "{\"metric\":\"projects\",\"quantity\":5}").andExpect(jsonPath("$.allowed").value(true))
			.andExpect(jsonPath("$.used").value(0));
		entitlements(UUID.randomUUID(), null).andExpect(status().isNotFound());
	}

	@Test
	void eachThresholdOfALimitIsAnnouncedOncePerPeriod() throws Exception {
		UUID tenant = subscribed(this.kafka, "BASIC");
		report(tenant, "projects", 3, "t-3");
		assertThat(thresholds(tenant)).isEmpty();
		report(tenant, "projects", 4, "t-4");
		assertThat(thresholds(tenant)).containsExactly(80);
		report(tenant, "projects", 5, "t-5");
		report(tenant, "projects", 4, "t-4b");
		report(tenant, "projects", 5, "t-5b");
		assertThat(thresholds(tenant)).containsExactly(80, 100);
		String event = owner().queryForObject("""
				select payload from event_outbox where tenant_id = ? and event_type = ?
				and payload::jsonb -> 'data' ->> 'percent' = '100'""", String.class, tenant, UsageThresholdReached.TYPE);
		assertThat((String) JsonPath.read(event, "$.data.metric")).isEqualTo("projects");
		assertThat((Integer) JsonPath.read(event, "$.data.limit")).isEqualTo(5);
		assertThat((Integer) JsonPath.read(event, "$.data.used")).isEqualTo(5);

		// users, measured by user-service, count against the plan's limit as well
		this.kafka.send(Topics.USAGE, tenant.toString(),
				usageRecorded(UUID.randomUUID(), tenant, "users", 8, Instant.now()));
		await().atMost(Duration.ofSeconds(20)).until(() -> owner().queryForObject(
				"select count(*) from usage_threshold where tenant_id = ? and metric = 'users'", Long.class,
				tenant) == 1);
	}

	@Test
	void theSummaryShowsPlanUseNextInvoiceAndBalanceToBillingReadersOnly() throws Exception {
		UUID tenant = subscribed(this.kafka, "PROFESSIONAL");
		report(tenant, "storage_bytes", 5_000_000_000L, "s-1");
		this.mvc.perform(get("/api/billing/summary").header("Authorization", "Bearer " + user(tenant, "ADMIN")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.plan").value("PROFESSIONAL"))
			.andExpect(jsonPath("$.status").value("ACTIVE"))
			.andExpect(jsonPath("$.usage[?(@.metric=='storage_bytes')].percent").value(50.0))
			.andExpect(jsonPath("$.nextInvoiceEstimate.amount").value(9900))
			.andExpect(jsonPath("$.nextInvoiceEstimate.currency").value("usd"))
			.andExpect(jsonPath("$.openBalance.amount").value(9900))
			.andExpect(jsonPath("$.paymentMethodSaved").value(false));
		this.mvc.perform(get("/api/billing/summary").header("Authorization", "Bearer " + user(tenant, "MEMBER")))
			.andExpect(status().isForbidden());
		UUID other = subscribed(this.kafka, "BASIC");
		this.mvc.perform(get("/api/billing/summary").header("Authorization", "Bearer " + user(other, "OWNER")))
			.andExpect(jsonPath("$.plan").value("BASIC"))
			.andExpect(jsonPath("$.usage[?(@.metric=='storage_bytes')].used").value(0));
	}

	@Test
	void theNewEventsAreDocumented() {
		assertThat(AsyncApiContract.documentedTypes(Topics.BILLING)).contains(EntitlementsChanged.TYPE,
				UsageThresholdReached.TYPE, "io.tenantry.billing.usage-reported.v1",
				"io.tenantry.billing.plan-version-added.v1");
		assertThat(AsyncApiContract.documentedTypes(Topics.USAGE)).contains("io.tenantry.usage.recorded.v1");
	}

	private void report(UUID tenant, String metric, long quantity, String key) throws Exception {
		this.mvc.perform(post("/api/billing/usage")
			.header("Authorization", "Bearer " + client(tenant, List.of(), "usage:write"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"metric\":\"%s\",\"quantity\":%d,\"idempotencyKey\":\"%s\"}".formatted(metric, quantity, key)))
			.andExpect(status().isOk());
	}

	private ResultActions entitlements(UUID tenant, String token) throws Exception {
		return this.mvc.perform(get("/api/billing/entitlements").header("Authorization",
				"Bearer " + ((token != null) ? token : user(tenant, "OWNER"))));
	}

	private ResultActions check(UUID tenant, String body) throws Exception {
		return this.mvc.perform(post("/api/billing/entitlements/check")
			.header("Authorization", "Bearer " + client(tenant, List.of(), "billing:read"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body));
	}

	private static List<Integer> thresholds(UUID tenant) {
		return owner().queryForList("""
				select (payload::jsonb -> 'data' ->> 'percent')::int from event_outbox
				where tenant_id = ? and event_type = ? order by id""", Integer.class, tenant, UsageThresholdReached.TYPE);
	}

	private static long entitlementsEvents(UUID tenant) {
		return owner().queryForObject("select count(*) from event_outbox where tenant_id = ? and event_type = ?",
				Long.class, tenant, EntitlementsChanged.TYPE);
	}

	private static String entitlementsEvent(UUID tenant, int nth) {
		return owner().queryForList("select payload from event_outbox where tenant_id = ? and event_type = ? order by id",
				String.class, tenant, EntitlementsChanged.TYPE).get(nth - 1);
	}

}
