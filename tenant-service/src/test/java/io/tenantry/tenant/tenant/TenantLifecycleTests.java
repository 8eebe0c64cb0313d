package io.tenantry.tenant.tenant;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.test.AsyncApiContract;
import io.tenantry.common.test.KafkaProbe;
import io.tenantry.common.test.MutableClock;
import io.tenantry.common.test.MutableClockConfiguration;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import io.tenantry.tenant.events.TenantConfigChanged;
import io.tenantry.tenant.events.TenantLifecycleChanged;
import io.tenantry.tenant.events.TenantUpdated;
import io.tenantry.tenant.events.TenantsListed;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
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
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The lifecycle state machine, the platform operators' list, profile updates, configuration
 * and the statistics projection; each also tried from another tenant.
 */
@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, MutableClockConfiguration.class })
class TenantLifecycleTests {

	static final String PLATFORM_ADMIN = TestJwts.token(PlatformTenant.ID, UUID.randomUUID(), "PLATFORM_ADMIN");

	@Autowired
	MockMvc mvc;

	@Autowired
	MutableClock clock;

	@Autowired
	Tenants tenants;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	Provisioning provisioning;

	@Autowired
	TenantMetrics tenantMetrics;

	@Autowired
	org.springframework.transaction.support.TransactionTemplate transactions;

	@Autowired
	MeterRegistry meters;

	Instant lastEventTime = Instant.EPOCH;

	@Test
	void aSuspensionNeedsAReasonAndAPlatformAdminAndIsUndoneByReactivation() throws Exception {
		UUID id = newTenant("PROFESSIONAL");
		call(post("/api/tenants/" + id + "/suspend"), PLATFORM_ADMIN, "{}").andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("reason"));
		call(post("/api/tenants/" + id + "/suspend"), owner(id), "{\"reason\":\"mine\"}")
			.andExpect(status().isForbidden());
		call(post("/api/tenants/" + id + "/suspend"), PLATFORM_ADMIN, "{\"reason\":\"unpaid invoices\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUSPENDED"))
			.andExpect(jsonPath("$.statusReason").value("unpaid invoices"));
		call(post("/api/tenants/" + id + "/suspend"), PLATFORM_ADMIN, "{\"reason\":\"again\"}")
			.andExpect(status().isConflict());
		call(get("/api/tenants/" + id), owner(id), null).andExpect(jsonPath("$.status").value("SUSPENDED"));
		call(post("/api/tenants/" + id + "/reactivate"), owner(id), null).andExpect(status().isForbidden());
		call(post("/api/tenants/" + id + "/reactivate"), PLATFORM_ADMIN, null).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("ACTIVE"))
			.andExpect(jsonPath("$.statusReason").doesNotExist());
		call(post("/api/tenants/" + id + "/reactivate"), PLATFORM_ADMIN, null).andExpect(status().isConflict());
		assertThat(eventTypes(id)).containsSubsequence(TenantLifecycleChanged.SUSPENDED,
				TenantLifecycleChanged.REACTIVATED);
		String suspended = event(id, TenantLifecycleChanged.SUSPENDED);
		assertThat((String) JsonPath.read(suspended, "$.data.status")).isEqualTo("SUSPENDED");
		assertThat((String) JsonPath.read(suspended, "$.data.previousStatus")).isEqualTo("ACTIVE");
		assertThat((String) JsonPath.read(suspended, "$.data.slug")).isNotBlank();
	}

	@Test
	void tenantsAreCountedByStatusAndPlanAcrossTenants() throws Exception {
		this.tenantMetrics.refresh();
		double active = tenants("ACTIVE", "ENTERPRISE");
		double suspended = tenants("SUSPENDED", "ENTERPRISE");
		UUID id = newTenant("ENTERPRISE");
		this.tenantMetrics.refresh();
		assertThat(tenants("ACTIVE", "ENTERPRISE")).isEqualTo(active + 1);
		call(post("/api/tenants/" + id + "/suspend"), PLATFORM_ADMIN, "{\"reason\":\"counted\"}")
			.andExpect(status().isOk());
		this.tenantMetrics.refresh();
		assertThat(tenants("ACTIVE", "ENTERPRISE")).isEqualTo(active);
		assertThat(tenants("SUSPENDED", "ENTERPRISE")).isEqualTo(suspended + 1);
		assertThat(this.meters.get("tenantry.tenants").gauges()).as("every status on every plan")
			.hasSize(TenantStatus.values().length * Plan.values().length);
	}

	private double tenants(String status, String plan) {
		return this.meters.get("tenantry.tenants").tags("status", status, "plan", plan).gauge().value();
	}

	@Test
	void aDeletedTenantIsRestorableUntilItsGracePeriodEndsThenPurged() throws Exception {
		UUID id = newTenant("BASIC");
		call(put("/api/tenants/" + id + "/config"), owner(id), "{\"locale\":\"fr\"}").andExpect(status().isOk());
		call(delete("/api/tenants/" + id), TestJwts.token(id, UUID.randomUUID(), "ADMIN"), null)
			.andExpect(status().isForbidden());
		call(delete("/api/tenants/" + id), owner(id), null).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("PENDING_DELETION"));
		call(post("/api/tenants/" + id + "/reactivate"), PLATFORM_ADMIN, null)
			.andExpect(jsonPath("$.status").value("ACTIVE"))
			.andExpect(jsonPath("$.purgeAfter").doesNotExist());
		String deleted = call(delete("/api/tenants/" + id + "?reason=closing down"), PLATFORM_ADMIN, null)
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		Instant purgeAfter = Instant.parse(JsonPath.read(deleted, "$.purgeAfter"));
		assertThat(Duration.between(this.clock.instant(), purgeAfter)).isEqualTo(Duration.ofDays(30));

		this.clock.advance(Duration.ofDays(29));
		this.tenants.purgeDue();
		call(get("/api/tenants/" + id), PLATFORM_ADMIN, null).andExpect(jsonPath("$.status").value("PENDING_DELETION"));
		this.clock.advance(Duration.ofDays(1).plusSeconds(1));
		try {
			assertThat(this.tenants.purgeDue()).isGreaterThanOrEqualTo(1);
		}
		finally {
			this.clock.set(Instant.now());
		}
		// the event goes out, then every service, this one included, purges the tenant
		await().atMost(Duration.ofSeconds(20)).until(() -> rowsOf(id) == 0);
		List<String> published = KafkaProbe.read(Topics.TENANT, Duration.ofSeconds(5))
			.stream()
			.map(ConsumerRecord::value)
			.filter((value) -> value.contains(id.toString()))
			.map((value) -> (String) JsonPath.read(value, "$.type"))
			.toList();
		assertThat(published).containsSubsequence(TenantLifecycleChanged.DELETION_SCHEDULED,
				TenantLifecycleChanged.REACTIVATED, TenantLifecycleChanged.DELETION_SCHEDULED,
				TenantLifecycleChanged.DELETED);
		call(get("/api/tenants/" + id), PLATFORM_ADMIN, null).andExpect(status().isNotFound());
		call(post("/api/tenants/" + id + "/reactivate"), PLATFORM_ADMIN, null).andExpect(status().isNotFound());
	}

	@Test
	void thePlatformTenantIsNeverSuspendedOrDeleted() throws Exception {
		call(post("/api/tenants/" + PlatformTenant.ID + "/suspend"), PLATFORM_ADMIN, "{\"reason\":\"oops\"}")
			.andExpect(status().isConflict());
		call(delete("/api/tenants/" + PlatformTenant.ID), PLATFORM_ADMIN, null).andExpect(status().isConflict());
	}

	@Test
	void onlyAPlatformAdminListsTenantsFilteredAndPaged() throws Exception {
		String marker = "zq" + UUID.randomUUID().toString().substring(0, 6);
		UUID first = newTenant("ENTERPRISE", marker + "-a");
		newTenant("BASIC", marker + "-b");
		newTenant("ENTERPRISE", marker + "-c");
		call(post("/api/tenants/" + first + "/suspend"), PLATFORM_ADMIN, "{\"reason\":\"test\"}");
		call(get("/api/tenants?q=" + marker + "&sort=slug"), PLATFORM_ADMIN, null).andExpect(status().isOk())
			.andExpect(jsonPath("$.totalItems").value(3))
			.andExpect(jsonPath("$.items[0].slug").value(marker + "-a"));
		call(get("/api/tenants?q=" + marker + "&plan=enterprise&status=ACTIVE"), PLATFORM_ADMIN, null)
			.andExpect(jsonPath("$.totalItems").value(1))
			.andExpect(jsonPath("$.items[0].slug").value(marker + "-c"));
		call(get("/api/tenants?q=" + marker + "&size=2&page=1&sort=slug,desc"), PLATFORM_ADMIN, null)
			.andExpect(jsonPath("$.items.length()").value(1))
			.andExpect(jsonPath("$.totalPages").value(2))
			.andExpect(jsonPath("$.items[0].slug").value(marker + "-a"));
		call(get("/api/tenants?status=GONE&size=0&sort=owner"), PLATFORM_ADMIN, null)
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("status", "size",
					"sort")));
		String listed = owner().queryForObject("select payload from event_outbox where tenant_id = ? and event_type = ?"
				+ " order by id desc limit 1", String.class, PlatformTenant.ID, TenantsListed.TYPE);
		// the last list that answered: audited in the platform tenant's log with what it returned
		assertThat((String) JsonPath.read(listed, "$.data.query")).isEqualTo(marker);
		assertThat((Integer) JsonPath.read(listed, "$.data.page")).isEqualTo(1);
		assertThat((List<String>) JsonPath.read(listed, "$.data.returned")).containsExactly(first.toString());
		assertThat((String) JsonPath.read(listed, "$.tenantid")).isEqualTo(PlatformTenant.ID.toString());
		call(get("/api/tenants"), owner(first), null).andExpect(status().isForbidden());
		call(get("/api/tenants"), TestJwts.token(UUID.randomUUID(), UUID.randomUUID(), "PLATFORM_ADMIN"), null)
			.andExpect(status().isForbidden());
	}

	@Test
	void ownersEditTheProfileButNotTheRegionWhichIsThePlatformsToChange() throws Exception {
		UUID id = newTenant("BASIC");
		call(put("/api/tenants/" + id), owner(id), "{\"name\":\"  Renamed  \",\"ownerName\":\"Ada\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("Renamed"))
			.andExpect(jsonPath("$.ownerName").value("Ada"))
			.andExpect(jsonPath("$.plan").value("BASIC"));
		call(put("/api/tenants/" + id), owner(id), "{\"region\":\"us-east-1\"}").andExpect(status().isForbidden());
		call(put("/api/tenants/" + id), TestJwts.token(id, UUID.randomUUID(), "MEMBER"), "{\"name\":\"Mine\"}")
			.andExpect(status().isForbidden());
		// the plan is billing's (BillingUpdatesTests): repeating it changes nothing
		call(put("/api/tenants/" + id), PLATFORM_ADMIN, "{\"plan\":\"BASIC\",\"region\":\"us-east-1\"}")
			.andExpect(jsonPath("$.plan").value("BASIC"))
			.andExpect(jsonPath("$.region").value("us-east-1"));
		call(put("/api/tenants/" + id), PLATFORM_ADMIN, "{\"slug\":\"another-slug-" + id.toString().substring(0, 6)
				+ "\"}").andExpect(status().isConflict());
		call(put("/api/tenants/" + id), owner(id), "{\"name\":\"  \",\"region\":\"mars\",\"ownerEmail\":\"nope\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.hasItems("name", "region",
					"ownerEmail")));
		List<String> updates = owner().queryForList(
				"select payload from event_outbox where tenant_id = ? and event_type = ? order by id", String.class, id,
				TenantUpdated.TYPE);
		assertThat(updates).hasSize(2);
		assertThat((List<String>) JsonPath.read(updates.get(0), "$.data.changed")).containsExactly("name", "ownerName");
		assertThat((List<String>) JsonPath.read(updates.get(1), "$.data.changed")).containsExactly("region");
	}

	@Test
	void theConfigurationIsValidatedAndItsChangesPublished() throws Exception {
		UUID id = newTenant("PROFESSIONAL");
		call(get("/api/tenants/" + id + "/config"), TestJwts.token(id, UUID.randomUUID(), "MEMBER"), null)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.locale").value("en"))
			.andExpect(jsonPath("$.timeZone").value("UTC"));
		String config = """
				{"branding":{"name":"Acme","logoUrl":"https://cdn.acme.example/logo.png","primaryColor":"#112233"},
				 "locale":"fr-CA","timeZone":"America/Toronto","features":{"beta.reports":true},
				 "settings":{"invoicePrefix":"AC-","limits":{"projects":10}}}""";
		call(put("/api/tenants/" + id + "/config"), TestJwts.token(id, UUID.randomUUID(), "ADMIN"), config)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.branding.primaryColor").value("#112233"))
			.andExpect(jsonPath("$.features['beta.reports']").value(true))
			.andExpect(jsonPath("$.settings.limits.projects").value(10));
		call(put("/api/tenants/" + id + "/config"), TestJwts.token(id, UUID.randomUUID(), "MEMBER"), config)
			.andExpect(status().isForbidden());
		call(put("/api/tenants/" + id + "/config"), owner(id),
				"{\"branding\":{\"primaryColor\":\"red\",\"logoUrl\":\"http://x\"},\"locale\":\"french\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.hasItems("branding.primaryColor",
					"branding.logoUrl", "locale")));
		call(put("/api/tenants/" + id + "/config"), owner(id), "{\"timeZone\":\"Mars/Olympus\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("timeZone"));
		call(put("/api/tenants/" + id + "/config"), owner(id),
				"{\"settings\":{\"blob\":\"" + "x".repeat(TenantConfigs.MAX_SETTINGS_BYTES) + "\"}}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("settings"));
		call(get("/api/tenants/" + id + "/config"), owner(id), null).andExpect(jsonPath("$.locale").value("fr-CA"));
		String changed = event(id, TenantConfigChanged.TYPE);
		assertThat((List<String>) JsonPath.read(changed, "$.data.changed")).containsExactly("branding", "locale",
				"timeZone", "features", "settings");
		assertThat(changed).doesNotContain("invoicePrefix");
	}

	@Test
	void anotherTenantsIdIsNotFoundOnEveryEndpoint() throws Exception {
		UUID victim = newTenant("BASIC");
		String attacker = TestJwts.token(UUID.randomUUID(), UUID.randomUUID(), "OWNER");
		call(get("/api/tenants/" + victim), attacker, null).andExpect(status().isNotFound());
		call(put("/api/tenants/" + victim), attacker, "{\"name\":\"Owned\"}").andExpect(status().isNotFound());
		call(delete("/api/tenants/" + victim), attacker, null).andExpect(status().isNotFound());
		call(get("/api/tenants/" + victim + "/config"), attacker, null).andExpect(status().isNotFound());
		call(put("/api/tenants/" + victim + "/config"), attacker, "{}").andExpect(status().isNotFound());
		call(get("/api/tenants/" + victim + "/stats"), attacker, null).andExpect(status().isNotFound());
		call(post("/api/tenants/" + victim + "/suspend"), attacker, "{\"reason\":\"x\"}")
			.andExpect(status().isForbidden());
		call(get("/api/tenants/" + victim), owner(victim), null).andExpect(jsonPath("$.name").value("Tenant"))
			.andExpect(jsonPath("$.status").value("ACTIVE"));
		// a forged tenant header changes nothing: the tenant comes from the token
		this.mvc.perform(get("/api/tenants/" + victim).header("Authorization", "Bearer " + attacker)
			.header("X-Tenant-Id", victim.toString())).andExpect(status().is4xxClientError());
	}

	@Test
	void statisticsAreAProjectionOfUserEvents() throws Exception {
		UUID id = newTenant("BASIC");
		UUID ada = UUID.randomUUID();
		UUID bob = UUID.randomUUID();
		UUID eve = UUID.randomUUID();
		publishUserEvent(id, "io.tenantry.user.created.v1", "{\"userId\":\"" + ada + "\",\"status\":\"ACTIVE\"}");
		publishUserEvent(id, "io.tenantry.user.created.v1", "{\"userId\":\"" + bob + "\",\"status\":\"INVITED\"}");
		publishUserEvent(id, "io.tenantry.user.created.v1", "{\"userId\":\"" + eve + "\",\"status\":\"ACTIVE\"}");
		publishUserEvent(id, "io.tenantry.user.status-changed.v1",
				"{\"userId\":\"" + ada + "\",\"from\":\"ACTIVE\",\"to\":\"DISABLED\"}");
		publishUserEvent(id, "io.tenantry.user.deleted.v1", "{\"userId\":\"" + eve + "\"}");
		String last = publishUserEvent(id, "io.tenantry.auth.login-succeeded.v1", "{\"userId\":\"" + bob + "\"}");
		String stats = awaitStats(id, (json) -> Instant.parse(last).equals(Instant.parse(JsonPath.read(json, "$.lastActivityAt"))));
		assertThat((Integer) JsonPath.read(stats, "$.totalUsers")).isEqualTo(2);
		assertThat((Integer) JsonPath.read(stats, "$.users.DISABLED")).isEqualTo(1);
		assertThat((Integer) JsonPath.read(stats, "$.users.INVITED")).isEqualTo(1);
		assertThat((Integer) JsonPath.read(stats, "$.users.ACTIVE")).isZero();
		assertThat((Integer) JsonPath.read(stats, "$.organizations")).as("its root organization").isEqualTo(1);
	}

	@Test
	void twoStepsFinishingAtOnceStillActivateTheTenant() throws Exception {
		UUID id = provisioningTenant();
		java.util.concurrent.CountDownLatch organizationMarked = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch ownerDone = new java.util.concurrent.CountDownLatch(1);
		// two threads of their own (the common pool may have one on this machine)
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
		// the organization step's transaction stays open while the owner step finishes in another
		java.util.concurrent.CompletableFuture<Void> organization = java.util.concurrent.CompletableFuture
			.runAsync(() -> TenantContext.runAs(id, () -> this.transactions.executeWithoutResult((tx) -> {
				this.provisioning.done(id, Provisioning.ORGANIZATION, "root organization");
				organizationMarked.countDown();
				try {
					// with steps taking turns the owner step waits for this commit: do not wait for ever
					ownerDone.await(2, java.util.concurrent.TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			})), threads);
		// the owner step starts once the organization step is marked, its transaction still open
		assertThat(organizationMarked.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		java.util.concurrent.CompletableFuture<Void> owner = java.util.concurrent.CompletableFuture
			.runAsync(() -> TenantContext.runAs(id, () -> this.transactions
				.executeWithoutResult((tx) -> this.provisioning.done(id, Provisioning.OWNER, "owner invited"))), threads)
			.thenRun(ownerDone::countDown);
		java.util.concurrent.CompletableFuture.allOf(organization, owner).get(20, java.util.concurrent.TimeUnit.SECONDS);
		threads.shutdown();
		call(get("/api/tenants/" + id), PLATFORM_ADMIN, null).andExpect(jsonPath("$.status").value("ACTIVE"));
		assertThat(owner().queryForObject("select count(*) from event_outbox where tenant_id = ? and event_type = ?",
				Long.class, id, TenantLifecycleChanged.ACTIVATED)).isEqualTo(1);
	}

	@Test
	void aTenantLeftProvisioningWithEveryStepDoneIsActivatedByTheNextCheck() throws Exception {
		UUID id = provisioningTenant();
		owner().update("update tenant_provisioning_step set status = 'DONE' where tenant_id = ?", id);
		this.provisioning.retryStalled();
		call(get("/api/tenants/" + id), PLATFORM_ADMIN, null).andExpect(jsonPath("$.status").value("ACTIVE"));
	}

	/** A PROVISIONING tenant with its two steps pending and nobody to answer them. */
	private UUID provisioningTenant() throws Exception {
		String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
		String body = call(post("/api/tenants"), PLATFORM_ADMIN, "{\"slug\":\"" + slug
				+ "\",\"name\":\"Racing\",\"plan\":\"BASIC\",\"ownerEmail\":\"boss@" + slug + ".example\"}")
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JsonPath.read(body, "$.id"));
	}

	@Test
	void aNewTenantIsActiveOnceItsRootOrganizationExistsAndItsOwnerIsInvited() throws Exception {
		String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
		String body = call(post("/api/tenants"), PLATFORM_ADMIN, "{\"slug\":\"" + slug
				+ "\",\"name\":\"Onboarded\",\"plan\":\"BASIC\",\"ownerEmail\":\"boss@" + slug + ".example\"}")
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		UUID id = UUID.fromString(JsonPath.read(body, "$.id"));
		String root = "{\"organizationId\":\"" + UUID.randomUUID() + "\",\"name\":\"Onboarded\",\"parentId\":null}";
		publish(Topics.ORGANIZATION, id, "io.tenantry.organization.created.v1", root);
		publish(Topics.ORGANIZATION, id, "io.tenantry.organization.created.v1",
				"{\"organizationId\":\"" + UUID.randomUUID() + "\",\"name\":\"Child\",\"parentId\":\"" + UUID.randomUUID()
						+ "\"}");
		awaitStats(id, (json) -> (Integer) JsonPath.read(json, "$.organizations") == 2);
		call(get("/api/tenants/" + id), PLATFORM_ADMIN, null).andExpect(jsonPath("$.status").value("PROVISIONING"))
			.andExpect(jsonPath("$.provisioning[?(@.step == 'organization')].status").value("DONE"))
			.andExpect(jsonPath("$.provisioning[?(@.step == 'owner')].status").value("PENDING"));
		publishUserEvent(id, "io.tenantry.user.created.v1",
				"{\"userId\":\"" + UUID.randomUUID() + "\",\"status\":\"INVITED\",\"roles\":[\"OWNER\"]}");
		awaitStatus(id, "ACTIVE");
		assertThat(eventTypes(id)).containsSubsequence("io.tenantry.tenant.created.v1",
				io.tenantry.tenant.events.ProvisioningStepChanged.TYPE,
				io.tenantry.tenant.events.ProvisioningStepChanged.TYPE, TenantLifecycleChanged.ACTIVATED);
		assertThat(owner().queryForObject("select count(*) from event_outbox where tenant_id = ? and event_type = ?",
				Long.class, id, TenantLifecycleChanged.ACTIVATED)).isEqualTo(1);
	}

	@Test
	void aSilentStepIsAskedForAgainThenReportedFailed() throws Exception {
		String body = call(post("/api/tenants"), PLATFORM_ADMIN, "{\"slug\":\"t-" + UUID.randomUUID().toString()
			.substring(0, 8) + "\",\"name\":\"Stuck\",\"plan\":\"BASIC\"}")
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		UUID id = UUID.fromString(JsonPath.read(body, "$.id"));
		try {
			for (int i = 0; i < 3; i++) {
				this.clock.advance(Duration.ofSeconds(31));
				this.provisioning.retryStalled();
			}
		}
		finally {
			this.clock.set(Instant.now());
		}
		call(get("/api/tenants/" + id), PLATFORM_ADMIN, null).andExpect(jsonPath("$.status").value("PROVISIONING"))
			.andExpect(jsonPath("$.provisioning[0].status").value("FAILED"))
			.andExpect(jsonPath("$.provisioning[0].attempts").value(3))
			.andExpect(jsonPath("$.provisioning[0].detail").value("No answer after 3 attempts"));
		assertThat(eventTypes(id).stream().filter("io.tenantry.tenant.created.v1"::equals)).hasSize(3);
		call(post("/api/tenants/" + id + "/reactivate"), PLATFORM_ADMIN, null).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("ACTIVE"));
	}

	@Test
	void signUpIsPublicCreatesAnInvitedOwnersTenantAndIsRateLimited() throws Exception {
		String address = "203.0.113." + (int) (Math.random() * 200);
		for (int i = 0; i < 5; i++) {
			String slug = "s-" + UUID.randomUUID().toString().substring(0, 8);
			this.mvc.perform(post("/api/signup").header("X-Forwarded-For", "198.51.100.1, " + address)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"slug\":\"" + slug + "\",\"name\":\"Startup\",\"ownerEmail\":\"founder@" + slug
						+ ".example\",\"plan\":\"ENTERPRISE\",\"status\":\"ACTIVE\"}"))
				.andExpect(status().isCreated())
				.andExpect(jsonPath("$.plan").value("BASIC"))
				.andExpect(jsonPath("$.status").value("PROVISIONING"))
				.andExpect(jsonPath("$.ownerEmail").value("founder@" + slug + ".example"));
		}
		this.mvc.perform(post("/api/signup").header("X-Forwarded-For", "198.51.100.2, " + address)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"slug\":\"s-late\",\"name\":\"Late\",\"ownerEmail\":\"late@late.example\"}"))
			.andExpect(status().isTooManyRequests())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header().exists("Retry-After"))
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/too-many-requests"));
		this.mvc.perform(post("/api/signup").contentType(MediaType.APPLICATION_JSON)
			.header("X-Forwarded-For", "203.0.113.250")
			.content("{\"slug\":\"Not A Slug\",\"name\":\"\",\"ownerEmail\":\"nope\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("slug", "name",
					"ownerEmail")));
	}

	@Test
	void theLifecycleEventsAreDocumented() {
		assertThat(AsyncApiContract.documentedTypes(Topics.TENANT)).contains(TenantUpdated.TYPE,
				TenantConfigChanged.TYPE, TenantLifecycleChanged.SUSPENDED, TenantLifecycleChanged.REACTIVATED,
				TenantLifecycleChanged.DELETION_SCHEDULED, TenantLifecycleChanged.DELETED, TenantLifecycleChanged.ACTIVATED,
				io.tenantry.tenant.events.ProvisioningStepChanged.TYPE, TenantsListed.TYPE);
	}

	private String publishUserEvent(UUID tenant, String type, String data) throws Exception {
		return publish(Topics.USER, tenant, type, data);
	}

	private String publish(String topic, UUID tenant, String type, String data) throws Exception {
		// strictly increasing times, a millisecond apart at least, so the last event is the latest
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		this.lastEventTime = now.isAfter(this.lastEventTime) ? now : this.lastEventTime.plusMillis(1);
		String time = this.lastEventTime.toString();
		String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"test\","
				+ "\"type\":\"" + type + "\",\"time\":\"" + time + "\",\"tenantid\":\"" + tenant + "\",\"data\":" + data
				+ "}";
		this.kafka.send(topic, tenant.toString(), event).get();
		return time;
	}

	private String awaitStats(UUID tenant, java.util.function.Predicate<String> done) {
		return await().atMost(Duration.ofSeconds(20)).until(() -> call(get("/api/tenants/" + tenant + "/stats"),
				owner(tenant), null).andExpect(status().isOk()).andReturn().getResponse().getContentAsString(),
				(json) -> JsonPath.read(json, "$.lastActivityAt") != null && done.test(json));
	}

	private UUID newTenant(String plan) throws Exception {
		return newTenant(plan, "t-" + UUID.randomUUID().toString().substring(0, 8));
	}

	/** A tenant without an owner, made ACTIVE by its one onboarding step: its root organization. */
	private UUID newTenant(String plan, String slug) throws Exception {
		String body = call(post("/api/tenants"), PLATFORM_ADMIN,
				"{\"slug\":\"" + slug + "\",\"name\":\"Tenant\",\"plan\":\"" + plan + "\"}")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("PROVISIONING"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		UUID id = UUID.fromString(JsonPath.read(body, "$.id"));
		publish(Topics.ORGANIZATION, id, "io.tenantry.organization.created.v1",
				"{\"organizationId\":\"" + UUID.randomUUID() + "\",\"name\":\"Tenant\",\"parentId\":null}");
		awaitStatus(id, "ACTIVE");
		return id;
	}

	/** Every row of the tenant in every table of this service's database. */
	private static long rowsOf(UUID tenant) {
		List<String> tables = owner().queryForList("""
				select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
				join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id'
				where c.relkind in ('r', 'p') and not c.relispartition""", String.class);
		assertThat(tables).contains("tenant", "tenant_config", "event_outbox", "processed_event");
		return tables.stream()
			.mapToLong((table) -> owner().queryForObject("select count(*) from " + table + " where tenant_id = ?",
					Long.class, tenant))
			.sum();
	}

	private void awaitStatus(UUID tenant, String status) {
		await().atMost(Duration.ofSeconds(20)).until(() -> call(get("/api/tenants/" + tenant), PLATFORM_ADMIN, null)
			.andReturn().getResponse().getContentAsString(), (json) -> status.equals(JsonPath.read(json, "$.status")));
	}

	private ResultActions call(MockHttpServletRequestBuilder request, String token, String json) throws Exception {
		request.header("Authorization", "Bearer " + token);
		if (json != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(json);
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

	private static String event(UUID tenant, String type) {
		return owner().queryForObject(
				"select payload from event_outbox where tenant_id = ? and event_type = ? order by id desc limit 1", String.class,
				tenant, type);
	}

	private static JdbcTemplate owner() {
		return new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "tenant_service"));
	}

}
