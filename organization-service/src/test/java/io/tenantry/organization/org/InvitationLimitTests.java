package io.tenantry.organization.org;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.test.MutableClock;
import io.tenantry.common.test.MutableClockConfiguration;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

import static io.tenantry.organization.org.OrgTestSupport.owner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An invitation to an address without an account takes a seat of the tenant's plan
 * (decision 13): organization-service keeps billing's entitlements as user-service does and
 * refuses the invitation that would bring the tenant past its users limit, instead of
 * user-service refusing the account when the invitee accepts.
 */
@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, MutableClockConfiguration.class })
@TestPropertySource(properties = "tenantry.notifications.mailbox=" + InvitationTests.MAILBOX)
class InvitationLimitTests {

	static final String PROFESSIONAL_LIMITS = "{\"users\":50,\"projects\":25,\"storage_bytes\":10000000000}";

	static final String BASIC_LIMITS = "{\"users\":10,\"projects\":5,\"storage_bytes\":1000000000}";

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	final UUID tenant = UUID.randomUUID();

	final String owner = TestJwts.token(this.tenant, UUID.randomUUID(), "OWNER");

	@AfterEach
	void realTime() {
		this.clock.set(Instant.now());
	}

	@Test
	void anInvitationPastTheBasicUsersLimitIsRefusedAndCreatesNothing() throws Exception {
		UUID org = organization(this.owner);
		UUID disabled = knownUser(email("disabled"));
		OrgTestSupport.userEvent(this.kafka, this.tenant, "io.tenantry.user.status-changed.v1",
				"{\"userId\":\"" + disabled + "\",\"from\":\"ACTIVE\",\"to\":\"DISABLED\"}");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "DISABLED".equals(owner().queryForObject("select status from org_user where user_id = ?",
					String.class, disabled)));
		knownUser(email("active"));
		fill(this.owner, org, 8); // 2 users, whatever their status, and 8 addresses invited: 10 seats
		List<String> eventsBefore = OrgTestSupport.eventTypes(this.tenant);

		String eleventh = email("eleventh");
		invite(this.owner, org, eleventh).andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/plan-limit-exceeded"))
			.andExpect(jsonPath("$.status").value(403))
			.andExpect(jsonPath("$.metric").value("users"))
			.andExpect(jsonPath("$.limit").value(10))
			.andExpect(jsonPath("$.plan").value("BASIC"))
			.andExpect(jsonPath("$.used").value(10));

		assertThat(owner().queryForObject("select count(*) from org_invitation where tenant_id = ? and email = ?",
				Long.class, this.tenant, eleventh)).isZero();
		assertThat(OrgTestSupport.eventTypes(this.tenant)).isEqualTo(eventsBefore);
		assertThat(owner().queryForObject("select count(*) from event_outbox where tenant_id = ? and payload like ?",
				Long.class, this.tenant, "%" + eleventh + "%")).isZero();
		assertThat(mailsTo(eleventh)).isZero();
	}

	@Test
	void anExistingUserCanStillBeInvitedAtTheLimit() throws Exception {
		UUID design = organization(this.owner);
		UUID sales = organization(this.owner);
		String ana = email("ana");
		knownUser(ana);
		fill(this.owner, design, 8);
		String newcomer = email("newcomer");
		invite(this.owner, design, newcomer).andExpect(status().isCreated());
		invite(this.owner, design, email("one-too-many")).andExpect(status().isForbidden());

		// a user of the tenant takes no new seat, whichever organization invites them
		invite(this.owner, design, ana.toUpperCase()).andExpect(status().isCreated());
		invite(this.owner, sales, ana).andExpect(status().isCreated());
		// nor does an address already invited: it becomes one account
		invite(this.owner, sales, newcomer).andExpect(status().isCreated());
	}

	@Test
	void afterAnUpgradeToProfessionalTheInvitationIsAccepted() throws Exception {
		UUID org = organization(this.owner);
		fill(this.owner, org, 10);
		String eleventh = email("eleventh");
		invite(this.owner, org, eleventh).andExpect(status().isForbidden());

		entitlementsChanged(UUID.randomUUID(), this.tenant, "PROFESSIONAL", PROFESSIONAL_LIMITS, Instant.now());
		await().atMost(Duration.ofSeconds(20)).until(() -> "PROFESSIONAL".equals(plan(this.tenant)));

		invite(this.owner, org, eleventh).andExpect(status().isCreated());
		fill(this.owner, org, 39);
		invite(this.owner, org, email("fifty-first")).andExpect(status().isForbidden())
			.andExpect(jsonPath("$.plan").value("PROFESSIONAL"))
			.andExpect(jsonPath("$.limit").value(50));
	}

	@Test
	void revokedAndExpiredInvitationsDoNotCount() throws Exception {
		UUID org = organization(this.owner);
		List<UUID> early = fill(this.owner, org, 9);
		this.clock.advance(Duration.ofDays(1));
		fill(this.owner, org, 1);
		invite(this.owner, org, email("refused")).andExpect(status().isForbidden());

		call(post("/api/organizations/" + org + "/invitations/" + early.get(0) + "/revoke"), this.owner, null)
			.andExpect(status().isOk());
		invite(this.owner, org, email("in-the-revoked-seat")).andExpect(status().isCreated());
		invite(this.owner, org, email("refused-again")).andExpect(status().isForbidden());

		// the first nine are past their 7 days; the two invited a day later are not
		this.clock.advance(Duration.ofDays(6).plusMinutes(1));
		fill(this.owner, org, 8);
		invite(this.owner, org, email("past-the-limit")).andExpect(status().isForbidden())
			.andExpect(jsonPath("$.used").value(10));
	}

	@Test
	void twoConcurrentInvitationsAtTheLimitOneIsRefused() throws Exception {
		UUID org = organization(this.owner);
		fill(this.owner, org, 9);
		DataSource database = SharedPostgres.instance().getDatabase("postgres", "organization_service");
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try (Connection holder = database.getConnection()) {
			// hold the tenant's entitlement row, so that both invitations are seen waiting on it at once
			holder.setAutoCommit(false);
			try (PreparedStatement lock = holder
				.prepareStatement("select 1 from tenant_entitlement where tenant_id = ? for update")) {
				lock.setObject(1, this.tenant);
				assertThat(lock.executeQuery().next()).isTrue();
			}
			CyclicBarrier start = new CyclicBarrier(2);
			List<Future<Integer>> invitations = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				String email = email("racer" + i);
				invitations.add(threads.submit(() -> {
					start.await();
					return invite(this.owner, org, email).andReturn().getResponse().getStatus();
				}));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> waitingOnEntitlements() == 2);
			holder.commit();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> invitation : invitations) {
				statuses.add(invitation.get(30, TimeUnit.SECONDS));
			}
			assertThat(statuses).containsExactlyInAnyOrder(201, 403);
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(owner().queryForObject(
				"select count(*) from org_invitation where tenant_id = ? and status = 'PENDING'", Long.class,
				this.tenant))
			.isEqualTo(10);
	}

	@Test
	void anEntitlementsEventOlderThanTheOneHeldChangesNothing() throws Exception {
		UUID org = organization(this.owner);
		fill(this.owner, org, 10);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		entitlementsChanged(UUID.randomUUID(), this.tenant, "PROFESSIONAL", PROFESSIONAL_LIMITS, now);
		UUID late = UUID.randomUUID();
		entitlementsChanged(late, this.tenant, "BASIC", BASIC_LIMITS, now.minus(Duration.ofHours(1)));
		await().atMost(Duration.ofSeconds(20)).until(() -> handled(late));

		assertThat(plan(this.tenant)).isEqualTo("PROFESSIONAL");
		invite(this.owner, org, email("eleventh")).andExpect(status().isCreated());
	}

	@Test
	void theSameEntitlementsEventTwiceCountsOnce() throws Exception {
		UUID org = organization(this.owner);
		fill(this.owner, org, 10);
		Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		UUID professional = UUID.randomUUID();
		// billing changed the plan twice in the same instant: the later event, in topic order, holds
		entitlementsChanged(professional, this.tenant, "PROFESSIONAL", PROFESSIONAL_LIMITS, at);
		entitlementsChanged(UUID.randomUUID(), this.tenant, "BASIC", BASIC_LIMITS, at);
		entitlementsChanged(professional, this.tenant, "PROFESSIONAL", PROFESSIONAL_LIMITS, at);
		// an event behind the redelivered one on the tenant's partition, which changes nothing itself
		UUID marker = UUID.randomUUID();
		entitlementsChanged(marker, this.tenant, "ENTERPRISE", "{}", at.minus(Duration.ofHours(1)));
		await().atMost(Duration.ofSeconds(20)).until(() -> handled(marker));

		assertThat(plan(this.tenant)).isEqualTo("BASIC");
		assertThat(owner().queryForObject(
				"select count(*) from processed_event where consumer = 'organization-entitlements' and tenant_id = ?",
				Long.class, this.tenant))
			.isEqualTo(3);
		invite(this.owner, org, email("eleventh")).andExpect(status().isForbidden())
			.andExpect(jsonPath("$.plan").value("BASIC"));
	}

	@Test
	void anotherTenantsEntitlementsDoNotApply() throws Exception {
		UUID professional = UUID.randomUUID();
		String professionalOwner = TestJwts.token(professional, UUID.randomUUID(), "OWNER");
		entitlementsChanged(UUID.randomUUID(), professional, "PROFESSIONAL", PROFESSIONAL_LIMITS, Instant.now());
		await().atMost(Duration.ofSeconds(20)).until(() -> "PROFESSIONAL".equals(plan(professional)));
		UUID basicOrg = organization(this.owner);
		UUID professionalOrg = organization(professionalOwner);
		fill(this.owner, basicOrg, 10);
		fill(professionalOwner, professionalOrg, 10);

		invite(professionalOwner, professionalOrg, email("more")).andExpect(status().isCreated());
		invite(this.owner, basicOrg, email("more")).andExpect(status().isForbidden())
			.andExpect(jsonPath("$.plan").value("BASIC"))
			.andExpect(jsonPath("$.limit").value(10));
		assertThat(plan(this.tenant)).isEqualTo("BASIC");
		// the runtime role, as this tenant, sees its own entitlements only
		List<UUID> visible = TenantContext.callAs(this.tenant, () -> this.transactions
			.execute((tx) -> this.jdbc.queryForList("select tenant_id from tenant_entitlement", UUID.class)));
		assertThat(visible).containsExactly(this.tenant);
	}

	@Test
	void thePlatformTenantInvitesWithoutLimit() throws Exception {
		String operator = TestJwts.token(PlatformTenant.ID, UUID.randomUUID(), "OWNER");
		UUID org = organization(operator);
		fill(operator, org, 11);
		assertThat(plan(PlatformTenant.ID)).isNull();
	}

	/** Invites {@code count} new addresses; returns the invitations' ids. */
	private List<UUID> fill(String token, UUID org, int count) throws Exception {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String body = invite(token, org, email("seat" + i)).andExpect(status().isCreated())
				.andReturn()
				.getResponse()
				.getContentAsString();
			ids.add(UUID.fromString(JsonPath.read(body, "$.id")));
		}
		return ids;
	}

	private UUID organization(String token) throws Exception {
		String body = call(post("/api/organizations"), token,
				"{\"name\":\"Org " + UUID.randomUUID().toString().substring(0, 8) + "\"}")
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JsonPath.read(body, "$.id"));
	}

	private ResultActions invite(String token, UUID org, String email) throws Exception {
		return call(post("/api/organizations/" + org + "/invitations"), token,
				"{\"email\":\"" + email + "\",\"role\":\"ORG_MEMBER\"}");
	}

	private ResultActions call(MockHttpServletRequestBuilder request, String token, String json) throws Exception {
		return OrgTestSupport.call(this.mvc, request, token, json);
	}

	private UUID knownUser(String email) throws Exception {
		return OrgTestSupport.knownUser(this.kafka, this.tenant, email);
	}

	/** What billing-service publishes when a tenant's plan takes effect. */
	private void entitlementsChanged(UUID id, UUID tenant, String plan, String limits, Instant effectiveAt)
			throws Exception {
		String event = """
				{"specversion":"1.0","id":"%s","source":"/billing-service",
				"type":"io.tenantry.billing.entitlements-changed.v1","time":"%s","subject":"%s","tenantid":"%s",
				"actor":{"type":"system"},"data":{"tenantId":"%s","plan":"%s","planVersion":1,"limits":%s,
				"features":["basic_analytics"],"effectiveAt":"%s"}}
				""".formatted(id, Instant.now(), tenant, tenant, tenant, plan, limits, effectiveAt);
		this.kafka.send(Topics.BILLING, tenant.toString(), event).get();
	}

	private static boolean handled(UUID event) {
		return owner().queryForObject("select count(*) from processed_event where event_id = ?", Long.class,
				event) == 1;
	}

	private static String plan(UUID tenant) {
		List<String> plans = owner().queryForList("select plan from tenant_entitlement where tenant_id = ?",
				String.class, tenant);
		return plans.isEmpty() ? null : plans.get(0);
	}

	private static long waitingOnEntitlements() {
		Long waiting = owner().queryForObject("""
				select count(*) from pg_stat_activity
				where datname = 'organization_service' and wait_event_type = 'Lock' and query like '%tenant_entitlement%'
				""", Long.class);
		return (waiting != null) ? waiting : 0;
	}

	private static long mailsTo(String email) throws IOException {
		Path mailbox = Path.of(InvitationTests.MAILBOX);
		if (!Files.exists(mailbox)) {
			return 0;
		}
		try (Stream<Path> files = Files.list(mailbox)) {
			return files.filter((file) -> file.getFileName().toString().contains(email)).count();
		}
	}

	private static String email(String who) {
		return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example";
	}

}
