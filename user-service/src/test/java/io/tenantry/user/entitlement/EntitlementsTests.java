package io.tenantry.user.entitlement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The tenant's plan, as billing-service publishes it, limits its accounts and gates its API
 * clients (decision 13); every change to its accounts is reported as usage.
 */
@UserServiceTest
class EntitlementsTests {

	static final String PROFESSIONAL_LIMITS = "{\"users\":50,\"projects\":25,\"storage_bytes\":10000000000}";

	static final String[] PROFESSIONAL_FEATURES = { "basic_analytics", "advanced_analytics", "ai_analysis",
			"email_support", "priority_support", "api_access" };

	@Autowired
	MockMvc mvc;

	@Autowired
	Identity identity;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	MeterRegistry meters;

	@AfterEach
	void resetClock() {
		this.identity.resetClock();
	}

	@Test
	void theEleventhUserOfABasicTenantIsRefused() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String owner = this.identity.ownerToken(tenant);
		fill(tenant, 10);
		this.identity.createUser(owner, Identity.email("eleventh"), null, "MEMBER")
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/plan-limit-exceeded"))
			.andExpect(jsonPath("$.metric").value("users"))
			.andExpect(jsonPath("$.plan").value("BASIC"))
			.andExpect(jsonPath("$.limit").value(10))
			.andExpect(jsonPath("$.used").value(10));
		assertThat(accounts(tenant)).isEqualTo(10);

		entitlementsChanged(UUID.randomUUID(), tenant.id(), "PROFESSIONAL", 1, PROFESSIONAL_LIMITS,
				PROFESSIONAL_FEATURES);
		await().atMost(Duration.ofSeconds(20)).until(() -> "PROFESSIONAL".equals(plan(tenant.id())));
		this.identity.createUser(owner, Identity.email("eleventh"), null, "MEMBER").andExpect(status().isCreated());
		assertThat(accounts(tenant)).isEqualTo(11);
	}

	@Test
	void everyAccountCountsAsASeatWhateverItsStatus() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String owner = this.identity.ownerToken(tenant);
		List<UUID> users = fill(tenant, 10);
		this.identity.updateUser(owner, users.get(0), "{\"status\":\"DISABLED\"}").andExpect(status().isOk());
		this.identity.createUser(owner, Identity.email("past-limit"), null, "MEMBER")
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.used").value(10));
		this.mvc.perform(delete("/api/users/" + users.get(0)).header("Authorization", "Bearer " + owner))
			.andExpect(status().isNoContent());
		this.identity.createUser(owner, Identity.email("in-its-seat"), null, "MEMBER").andExpect(status().isCreated());
	}

	@Test
	void twoConcurrentCreationsAtTheLimitOneIsRefused() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String owner = this.identity.ownerToken(tenant);
		fill(tenant, 9);
		DataSource database = SharedPostgres.instance().getDatabase("postgres", "user_service");
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try (Connection holder = database.getConnection()) {
			// hold the tenant's entitlement row, so that both creations are seen waiting on it at once
			holder.setAutoCommit(false);
			try (PreparedStatement lock = holder
				.prepareStatement("select 1 from tenant_entitlement where tenant_id = ? for update")) {
				lock.setObject(1, tenant.id());
				assertThat(lock.executeQuery().next()).isTrue();
			}
			CyclicBarrier start = new CyclicBarrier(2);
			List<Future<Integer>> creations = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				String email = Identity.email("racer" + i);
				creations.add(threads.submit(() -> {
					start.await();
					return this.identity.createUser(owner, email, null, "MEMBER")
						.andReturn()
						.getResponse()
						.getStatus();
				}));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> waitingOnEntitlements() == 2);
			holder.commit();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> creation : creations) {
				statuses.add(creation.get(30, TimeUnit.SECONDS));
			}
			assertThat(statuses).containsExactlyInAnyOrder(201, 403);
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(accounts(tenant)).isEqualTo(10);
		assertThat(usage(tenant)).last().isEqualTo(10L);
	}

	@Test
	void aBasicTenantCannotCreateAnApiClient() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		// billing has not published yet: the defaults are Basic's features
		createClient(this.identity.ownerToken(tenant)).andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/plan-limit-exceeded"))
			.andExpect(jsonPath("$.metric").value("api_access"))
			.andExpect(jsonPath("$.plan").value("BASIC"))
			.andExpect(jsonPath("$.limit").doesNotExist());
		entitlementsChanged(UUID.randomUUID(), tenant.id(), "BASIC", 1,
				"{\"users\":10,\"projects\":5,\"storage_bytes\":1000000000}", "basic_analytics", "email_support");
		await().atMost(Duration.ofSeconds(20)).until(() -> plan(tenant.id()) != null);
		createClient(this.identity.ownerToken(tenant)).andExpect(status().isForbidden())
			.andExpect(jsonPath("$.metric").value("api_access"))
			.andExpect(jsonPath("$.plan").value("BASIC"));
		assertThat(Identity.superuser()
			.queryForObject("select count(*) from api_client where tenant_id = ?", Integer.class, tenant.id())).isZero();
		assertThat(Identity.superuser().queryForObject("""
				select count(*) from event_outbox
				where tenant_id = ? and event_type = 'io.tenantry.auth.api-client-created.v1'
				""", Integer.class, tenant.id())).isZero();
	}

	@Test
	void aProfessionalTenantCanCreateAnApiClientUntilItsPlanLosesApiAccess() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		entitlementsChanged(UUID.randomUUID(), tenant.id(), "PROFESSIONAL", 1, PROFESSIONAL_LIMITS,
				PROFESSIONAL_FEATURES);
		await().atMost(Duration.ofSeconds(20)).until(() -> "PROFESSIONAL".equals(plan(tenant.id())));
		String body = createClient(this.identity.ownerToken(tenant)).andExpect(status().isCreated())
			.andExpect(jsonPath("$.clientSecret").exists())
			.andReturn()
			.getResponse()
			.getContentAsString();

		entitlementsChanged(UUID.randomUUID(), tenant.id(), "BASIC", 2,
				"{\"users\":10,\"projects\":5,\"storage_bytes\":1000000000}", "basic_analytics", "email_support");
		await().atMost(Duration.ofSeconds(20)).until(() -> "BASIC".equals(plan(tenant.id())));
		createClient(this.identity.ownerToken(tenant)).andExpect(status().isForbidden())
			.andExpect(jsonPath("$.plan").value("BASIC"));
		// the client it has keeps its tokens: a downgrade does not cut a running integration off
		this.mvc.perform(post("/oauth2/token")
			.with(httpBasic(JsonPath.read(body, "$.clientId"), JsonPath.read(body, "$.clientSecret")))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("grant_type", "client_credentials")).andExpect(status().isOk());
	}

	@Test
	void thePlatformTenantHasNoLimits() throws Exception {
		String operator = this.identity.token(PlatformTenant.ID, UUID.randomUUID(), "PLATFORM_ADMIN");
		String body = createClient(operator).andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		this.mvc.perform(delete("/api/users/api-clients/" + JsonPath.read(body, "$.id")).header("Authorization",
				"Bearer " + operator))
			.andExpect(status().isNoContent());
		assertThat(plan(PlatformTenant.ID)).isNull();
	}

	@Test
	void anotherTenantsEntitlementsDoNotApply() throws Exception {
		Identity.Tenant professional = this.identity.newTenant();
		Identity.Tenant basic = this.identity.newTenant();
		fill(professional, 10);
		fill(basic, 10);
		entitlementsChanged(UUID.randomUUID(), professional.id(), "PROFESSIONAL", 1, PROFESSIONAL_LIMITS,
				PROFESSIONAL_FEATURES);
		await().atMost(Duration.ofSeconds(20)).until(() -> "PROFESSIONAL".equals(plan(professional.id())));

		this.identity.createUser(this.identity.ownerToken(professional), Identity.email("more"), null, "MEMBER")
			.andExpect(status().isCreated());
		this.identity.createUser(this.identity.ownerToken(basic), Identity.email("more"), null, "MEMBER")
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.plan").value("BASIC"))
			.andExpect(jsonPath("$.limit").value(10));
		createClient(this.identity.ownerToken(basic)).andExpect(status().isForbidden());
		assertThat(plan(basic.id())).isEqualTo("BASIC");
		assertThat(accounts(basic)).isEqualTo(10);
	}

	@Test
	void everyChangeToTheAccountsIsReportedAsUsageInTheSameTransaction() throws Exception {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		this.identity.clock().set(now);
		Identity.Tenant tenant = this.identity.newTenant();
		String owner = this.identity.ownerToken(tenant);
		UUID first = this.identity.createUser(tenant, Identity.email("first"), "MEMBER");
		this.identity.createUser(owner, Identity.email("second"), null, "MEMBER").andExpect(status().isCreated());
		this.mvc.perform(delete("/api/users/" + first).header("Authorization", "Bearer " + owner))
			.andExpect(status().isNoContent());
		// a refused creation changes nothing and reports nothing
		this.identity.createUser(owner, "not-an-email", null, "MEMBER").andExpect(status().isBadRequest());

		assertThat(usage(tenant)).containsExactly(1L, 2L, 1L);
		List<String> events = Identity.superuser().queryForList("""
				select payload from event_outbox where tenant_id = ? and topic = 'tenantry.usage.v1' order by id
				""", String.class, tenant.id());
		Map<String, Object> event = JsonPath.read(events.get(0), "$");
		assertThat(event).containsEntry("type", "io.tenantry.usage.recorded.v1")
			.containsEntry("subject", "users")
			.containsEntry("tenantid", tenant.id().toString());
		assertThat((String) JsonPath.read(events.get(0), "$.actor.type")).isEqualTo("system");
		Map<String, Object> data = JsonPath.read(events.get(0), "$.data");
		assertThat(data).containsEntry("tenantId", tenant.id().toString())
			.containsEntry("metric", "users")
			.containsEntry("quantity", 1)
			.containsEntry("windowStart", now.toString())
			.containsEntry("windowEnd", now.toString());
	}

	@Test
	void aRedeliveredEntitlementsEventIsAppliedOnce() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		double duplicates = handled("duplicate");
		UUID professional = UUID.randomUUID();
		UUID ignored = UUID.randomUUID();
		String invoicePaid = """
				{"specversion":"1.0","id":"%s","source":"/billing-service","type":"io.tenantry.billing.invoice-paid.v1",
				"time":"%s","tenantid":"%s","data":{"tenantId":"%s","plan":"BASIC"}}
				""".formatted(ignored, Instant.now(), tenant.id(), tenant.id());
		this.kafka.send(Topics.BILLING, tenant.id().toString(), invoicePaid).get();
		entitlementsChanged(professional, tenant.id(), "PROFESSIONAL", 1, PROFESSIONAL_LIMITS, PROFESSIONAL_FEATURES);
		entitlementsChanged(UUID.randomUUID(), tenant.id(), "ENTERPRISE", 1, "{}", "api_access", "sso");
		entitlementsChanged(professional, tenant.id(), "PROFESSIONAL", 1, PROFESSIONAL_LIMITS, PROFESSIONAL_FEATURES);
		await().atMost(Duration.ofSeconds(20)).until(() -> handled("duplicate") >= duplicates + 1);

		assertThat(plan(tenant.id())).isEqualTo("ENTERPRISE");
		assertThat(Identity.superuser()
			.queryForObject("select limits::text from tenant_entitlement where tenant_id = ?", String.class,
					tenant.id()))
			.isEqualTo("{}");
		assertThat(Identity.superuser().queryForObject(
				"select count(*) from processed_event where consumer = 'tenant-entitlements' and tenant_id = ?",
				Integer.class, tenant.id()))
			.isEqualTo(2);
		// Enterprise limits no metric: past Basic's and Professional's limits alike
		fill(tenant, 11);
	}

	private List<UUID> fill(Identity.Tenant tenant, int users) throws Exception {
		String owner = this.identity.ownerToken(tenant);
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < users; i++) {
			String body = this.identity.createUser(owner, Identity.email("seat" + i), null, "MEMBER")
				.andExpect(status().isCreated())
				.andReturn()
				.getResponse()
				.getContentAsString();
			ids.add(UUID.fromString(JsonPath.read(body, "$.id")));
		}
		return ids;
	}

	private ResultActions createClient(String token) throws Exception {
		return this.mvc.perform(post("/api/users/api-clients").header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"exporter\",\"roles\":[\"AUDITOR\"],\"scopes\":[\"users:read\"]}"));
	}

	private void entitlementsChanged(UUID id, UUID tenant, String plan, int version, String limits,
			String... features) throws Exception {
		String featuresJson = String.join(",", List.of(features).stream().map((f) -> "\"" + f + "\"").toList());
		String event = """
				{"specversion":"1.0","id":"%s","source":"/billing-service",
				"type":"io.tenantry.billing.entitlements-changed.v1","time":"%s","subject":"%s","tenantid":"%s",
				"actor":{"type":"system"},"data":{"tenantId":"%s","plan":"%s","planVersion":%d,"limits":%s,
				"features":[%s],"effectiveAt":"%s"}}
				""".formatted(id, Instant.now(), tenant, tenant, tenant, plan, version, limits, featuresJson,
				Instant.now());
		this.kafka.send(Topics.BILLING, tenant.toString(), event).get();
	}

	private double handled(String outcome) {
		Counter counter = this.meters.find("tenantry.events.handled")
			.tag("consumer", "tenant-entitlements")
			.tag("outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static String plan(UUID tenant) {
		List<String> plans = Identity.superuser()
			.queryForList("select plan from tenant_entitlement where tenant_id = ?", String.class, tenant);
		return plans.isEmpty() ? null : plans.get(0);
	}

	private static int accounts(Identity.Tenant tenant) {
		return Identity.superuser()
			.queryForObject("select count(*) from user_account where tenant_id = ?", Integer.class, tenant.id());
	}

	/** The quantities of the tenant's {@code users} usage events, oldest first. */
	static List<Long> usage(Identity.Tenant tenant) {
		return Identity.superuser().queryForList("""
				select (payload::jsonb -> 'data' ->> 'quantity')::bigint from event_outbox
				where tenant_id = ? and topic = 'tenantry.usage.v1' and event_type = 'io.tenantry.usage.recorded.v1'
				order by id
				""", Long.class, tenant.id());
	}

	private static long waitingOnEntitlements() {
		Long waiting = Identity.superuser().queryForObject("""
				select count(*) from pg_stat_activity
				where datname = 'user_service' and wait_event_type = 'Lock' and query like '%tenant_entitlement%'
				""", Long.class);
		return (waiting != null) ? waiting : 0;
	}

}
