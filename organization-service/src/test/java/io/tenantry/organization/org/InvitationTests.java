package io.tenantry.organization.org;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.events.Topics;
import io.tenantry.common.test.AsyncApiContract;
import io.tenantry.common.test.MutableClock;
import io.tenantry.common.test.MutableClockConfiguration;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import io.tenantry.organization.events.InvitationEvent;
import io.tenantry.organization.events.MemberEvent;
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

import static io.tenantry.organization.org.OrgTestSupport.owner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Invitations: mailed single-use tokens, stored hashed, with their states and expiry. */
@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, MutableClockConfiguration.class })
@TestPropertySource(properties = "tenantry.notifications.mailbox=" + InvitationTests.MAILBOX)
class InvitationTests {

	static final String MAILBOX = "target/mailbox";

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	MutableClock clock;

	final UUID tenant = UUID.randomUUID();

	final String owner = TestJwts.token(this.tenant, UUID.randomUUID(), "OWNER");

	@AfterEach
	void realTime() {
		this.clock.set(Instant.now());
	}

	@Test
	void anExistingUserAcceptsOnceAndBecomesAMemberWithTheInvitedRole() throws Exception {
		UUID org = organization("Design");
		String email = "ana-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.example";
		UUID ana = knownUser(email);
		String invitation = invite(org, email, "ORG_VIEWER").andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("PENDING"))
			.andExpect(jsonPath("$.token").doesNotExist())
			.andReturn().getResponse().getContentAsString();
		invite(org, email.toUpperCase(), "ORG_ADMIN").andExpect(status().isConflict());
		String token = mailedToken(email);
		assertThat(owner().queryForObject("select count(*) from org_invitation where token_hash = ?", Long.class,
				InvitationTokens.hash(token))).isEqualTo(1);
		assertThat(owner().queryForObject("select count(*) from org_invitation where token_hash = ?", Long.class, token))
			.isZero();

		accept(token).andExpect(status().isOk())
			.andExpect(jsonPath("$.outcome").value("member"))
			.andExpect(jsonPath("$.userId").value(ana.toString()));
		accept(token).andExpect(status().isConflict());
		call(get("/api/organizations/" + org + "/users/" + ana + "/permissions"), this.owner, null)
			.andExpect(jsonPath("$.role").value("ORG_VIEWER"));
		call(get("/api/organizations/" + org + "/invitations"), this.owner, null)
			.andExpect(jsonPath("$[0].id").value((String) JsonPath.read(invitation, "$.id")))
			.andExpect(jsonPath("$[0].status").value("ACCEPTED"));
		invite(org, email, "ORG_ADMIN").andExpect(status().isConflict());
		assertThat(eventTypes()).contains(InvitationEvent.CREATED, InvitationEvent.ACCEPTED, MemberEvent.ADDED);
		assertThat(String.join("", owner().queryForList(
				"select payload from event_outbox where tenant_id = ? and event_type like '%invitation%'", String.class,
				this.tenant))).doesNotContain(token);
	}

	@Test
	void aNewcomerWaitsForTheirAccountThenBecomesAMember() throws Exception {
		UUID org = organization("Sales");
		String email = "new-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.example";
		invite(org, email, "ORG_MEMBER").andExpect(status().isCreated());
		accept(mailedToken(email)).andExpect(status().isOk())
			.andExpect(jsonPath("$.outcome").value("awaiting-account"))
			.andExpect(jsonPath("$.userId").doesNotExist());
		String accepted = owner().queryForObject(
				"select payload from event_outbox where tenant_id = ? and event_type = ?", String.class, this.tenant,
				InvitationEvent.ACCEPTED);
		assertThat((String) JsonPath.read(accepted, "$.data.email")).isEqualTo(email);
		// user-service creates the account on invitation-accepted and announces it
		UUID user = knownUser(email);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> owner().queryForObject("select count(*) from membership where user_id = ?", Long.class,
					user) == 1);
		call(get("/api/organizations/" + org + "/users/" + user + "/permissions"), this.owner, null)
			.andExpect(jsonPath("$.role").value("ORG_MEMBER"));
	}

	@Test
	void revokedResentAndExpiredInvitationsCannotBeAccepted() throws Exception {
		UUID org = organization("Ops");
		String revokedEmail = "r-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.example";
		String revoked = JsonPath.read(invite(org, revokedEmail, "ORG_MEMBER").andReturn().getResponse()
			.getContentAsString(), "$.id");
		call(post("/api/organizations/" + org + "/invitations/" + revoked + "/revoke"), this.owner, null)
			.andExpect(status().isOk()).andExpect(jsonPath("$.status").value("REVOKED"));
		call(post("/api/organizations/" + org + "/invitations/" + revoked + "/revoke"), this.owner, null)
			.andExpect(status().isConflict());
		accept(mailedToken(revokedEmail)).andExpect(status().isConflict());

		String resentEmail = "s-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.example";
		String resent = JsonPath.read(invite(org, resentEmail, "ORG_MEMBER").andReturn().getResponse()
			.getContentAsString(), "$.id");
		String first = mailedToken(resentEmail);
		this.clock.advance(Duration.ofSeconds(1)); // the mailbox names files by the clock's time
		call(post("/api/organizations/" + org + "/invitations/" + resent + "/resend"), this.owner, null)
			.andExpect(status().isOk()).andExpect(jsonPath("$.sentCount").value(2));
		String second = mailedToken(resentEmail);
		assertThat(second).isNotEqualTo(first);
		accept(first).andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("token"));

		String lateEmail = "l-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.example";
		invite(org, lateEmail, "ORG_MEMBER").andExpect(status().isCreated());
		this.clock.advance(Duration.ofDays(7).plusMinutes(1));
		accept(mailedToken(lateEmail)).andExpect(status().isConflict());
		accept(second).andExpect(status().isConflict());
		call(get("/api/organizations/" + org + "/invitations"), this.owner, null)
			.andExpect(jsonPath("$[?(@.email == '" + lateEmail + "')].status").value("EXPIRED"));
		assertThat(eventTypes()).contains(InvitationEvent.REVOKED, InvitationEvent.EXPIRED);
		accept("not-a-token").andExpect(status().isBadRequest());
	}

	@Test
	void onlyMemberManagersInviteAndAnotherTenantSeesNothing() throws Exception {
		UUID org = organization("Finance");
		String email = "x-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.example";
		call(post("/api/organizations/" + org + "/invitations"), TestJwts.token(this.tenant, UUID.randomUUID(), "MEMBER"),
				"{\"email\":\"" + email + "\",\"role\":\"ORG_MEMBER\"}").andExpect(status().isForbidden());
		invite(org, "not an email", "ORG_MEMBER").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("email"));
		invite(org, email, "NO_SUCH_ROLE").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("role"));
		String id = JsonPath.read(invite(org, email, "ORG_MEMBER").andReturn().getResponse().getContentAsString(), "$.id");
		String attacker = TestJwts.token(UUID.randomUUID(), UUID.randomUUID(), "OWNER");
		call(get("/api/organizations/" + org + "/invitations"), attacker, null).andExpect(status().isNotFound());
		call(post("/api/organizations/" + org + "/invitations"), attacker,
				"{\"email\":\"spy@evil.example\",\"role\":\"ORG_ADMIN\"}").andExpect(status().isNotFound());
		call(post("/api/organizations/" + org + "/invitations/" + id + "/revoke"), attacker, null)
			.andExpect(status().isNotFound());
		call(post("/api/organizations/" + org + "/invitations/" + id + "/resend"), attacker, null)
			.andExpect(status().isNotFound());
	}

	@Test
	void theInvitationEventsAreDocumented() {
		assertThat(AsyncApiContract.documentedTypes(Topics.ORGANIZATION)).contains(InvitationEvent.CREATED,
				InvitationEvent.ACCEPTED, InvitationEvent.REVOKED, InvitationEvent.EXPIRED);
	}

	private UUID organization(String name) throws Exception {
		String body = call(post("/api/organizations"), this.owner, "{\"name\":\"" + name + "\"}")
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		return UUID.fromString(JsonPath.read(body, "$.id"));
	}

	private ResultActions invite(UUID org, String email, String role) throws Exception {
		return call(post("/api/organizations/" + org + "/invitations"), this.owner,
				"{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}");
	}

	private ResultActions accept(String token) throws Exception {
		return this.mvc.perform(post("/api/organizations/invitations/accept").contentType(MediaType.APPLICATION_JSON)
			.content("{\"token\":\"" + token + "\"}"));
	}

	/** The token of the newest message to {@code email} in the local mailbox. */
	private static String mailedToken(String email) throws IOException {
		try (Stream<Path> files = Files.list(Path.of(MAILBOX))) {
			Path newest = files.filter((file) -> file.getFileName().toString().contains(email.toLowerCase()))
				.filter((file) -> file.getFileName().toString().endsWith(".json"))
				.max(Comparator.comparing((Path file) -> file.getFileName().toString()))
				.orElseThrow();
			return JsonPath.read(Files.readString(newest), "$.token");
		}
	}

	private ResultActions call(MockHttpServletRequestBuilder request, String token, String json) throws Exception {
		return OrgTestSupport.call(this.mvc, request, token, json);
	}

	private UUID knownUser(String email) throws Exception {
		return OrgTestSupport.knownUser(this.kafka, this.tenant, email);
	}

	private List<String> eventTypes() {
		return OrgTestSupport.eventTypes(this.tenant);
	}

}
