package io.tenantry.user.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.test.MutableClock;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.user.auth.TokenIssuer;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Test fixture: tenants in the directory, tokens, users made through the API, logins, and
 * the local mailbox.
 */
@TestComponent
public class Identity {

	public static final String ADMIN_PASSWORD = "bootstrap admin test password";

	public static final String MAILBOX = "target/mailbox";

	/** A password that passes the policy. */
	public static final String PASSWORD = "violet-harbour-lantern-42";

	private final MockMvc mvc;

	private final TokenIssuer issuer;

	private final MutableClock clock;

	Identity(MockMvc mvc, TokenIssuer issuer, MutableClock clock) {
		this.mvc = mvc;
		this.issuer = issuer;
		this.clock = clock;
	}

	/** The database as its superuser, which RLS does not restrict: for arranging and checking only. */
	public static JdbcTemplate superuser() {
		return new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "user_service"));
	}

	/** A new active tenant in user-service's directory. */
	public Tenant newTenant() {
		UUID id = UUID.randomUUID();
		String slug = "t-" + id.toString().substring(0, 8);
		superuser().update("insert into tenant_directory (tenant_id, slug, status) values (?, ?, 'ACTIVE')", id, slug);
		return new Tenant(id, slug);
	}

	/**
	 * Puts {@code tenant} on the Professional plan (50 users, API access) in user-service's
	 * projection of billing's entitlements, as billing-service's event would.
	 */
	public Tenant professional(Tenant tenant) {
		superuser().update("""
				insert into tenant_entitlement (tenant_id, plan, plan_version, limits, features)
				values (?, 'PROFESSIONAL', 1, '{"users": 50, "projects": 25, "storage_bytes": 10000000000}',
				        array['basic_analytics', 'advanced_analytics', 'ai_analysis', 'email_support',
				              'priority_support', 'api_access'])
				on conflict (tenant_id) do update set plan = excluded.plan, plan_version = excluded.plan_version,
				    limits = excluded.limits, features = excluded.features
				""", tenant.id());
		return tenant;
	}

	/** An access token for any subject, not backed by a session or an account. */
	public String token(UUID tenant, UUID user, String... roles) {
		return this.issuer.issue(tenant, user, List.of(roles), null);
	}

	/** A token of an OWNER that exists only in the token (to create the first users). */
	public String ownerToken(Tenant tenant) {
		return token(tenant.id(), UUID.randomUUID(), "OWNER");
	}

	public UUID createUser(Tenant tenant, String email, String... roles) throws Exception {
		String body = createUser(ownerToken(tenant), email, PASSWORD, roles).andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JsonPath.read(body, "$.id"));
	}

	public ResultActions createUser(String token, String email, String password, String... roles) throws Exception {
		String rolesJson = String.join(",", Stream.of(roles).map((r) -> "\"" + r + "\"").toList());
		String passwordJson = (password != null) ? ",\"password\":\"" + password + "\"" : "";
		return this.mvc.perform(post("/api/users").header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"" + email + "\",\"roles\":[" + rolesJson + "]" + passwordJson + "}"));
	}

	public ResultActions updateUser(String token, UUID id, String json) throws Exception {
		return this.mvc.perform(put("/api/users/" + id).header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	/** The types of the events about {@code subject} (a user id), oldest first. */
	public static List<String> eventsAbout(Object subject) {
		return superuser().queryForList(
				"select event_type from event_outbox where payload::jsonb ->> 'subject' = ? order by id", String.class,
				subject.toString());
	}

	public ResultActions login(String tenantSlug, String email, String password) throws Exception {
		return this.mvc.perform(post("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
			.content("{\"tenant\":\"" + tenantSlug + "\",\"email\":\"" + email + "\",\"password\":\"" + password
					+ "\"}"));
	}

	/** Logs in and returns the token response as a map. */
	public Map<String, Object> tokens(String tenantSlug, String email, String password) throws Exception {
		return JsonPath.read(login(tenantSlug, email, password).andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(), "$");
	}

	/** The newest message of the local mailbox to {@code email}, as JSON. */
	public String lastMessageTo(String email) throws IOException {
		Path mailbox = Path.of(MAILBOX);
		try (Stream<Path> files = Files.list(mailbox)) {
			Path newest = files.filter((file) -> file.getFileName().toString().endsWith(".json"))
				.filter((file) -> file.getFileName().toString().contains(email))
				.max(Comparator.comparing(Path::getFileName))
				.orElseThrow(() -> new AssertionError("No message to " + email + " in " + mailbox.toAbsolutePath()));
			return Files.readString(newest);
		}
	}

	public long messagesTo(String email) throws IOException {
		Path mailbox = Path.of(MAILBOX);
		if (!Files.isDirectory(mailbox)) {
			return 0;
		}
		try (Stream<Path> files = Files.list(mailbox)) {
			return files.filter((file) -> file.getFileName().toString().contains(email)).count();
		}
	}

	public MutableClock clock() {
		return this.clock;
	}

	/** Puts the shared clock back to the real time. */
	public void resetClock() {
		this.clock.set(Instant.now());
	}

	public static String email(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	public record Tenant(UUID id, String slug) {
	}

}
