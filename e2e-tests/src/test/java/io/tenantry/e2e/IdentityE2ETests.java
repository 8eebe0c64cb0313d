package io.tenantry.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Identity as a tenant's people and machines use it, through the gateway only: a tenant
 * created by the platform admin, its owner invited by mail, users, MFA, refresh tokens,
 * lockout, password reset, API clients and a signing key rotation.
 */
@Order(4)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentityE2ETests {

	private static final Logger log = LoggerFactory.getLogger(IdentityE2ETests.class);

	static final String PASSWORD = "harbour-violet-lantern-42";

	static Tenant acme;

	static Tenant globex;

	@BeforeAll
	static void twoTenantsWithTheirOwners() {
		Suite.stack();
		String admin = Suite.adminToken();
		acme = onboard(admin, "acme");
		globex = onboard(admin, "globex");
	}

	@Test
	@Order(1)
	void anOwnerInvitedByMailLogsInWithTheTenantSlug() {
		Map<String, Object> tokens = login(acme.slug(), acme.ownerEmail(), PASSWORD);
		assertThat(tokens).containsKeys("access_token", "refresh_token");
		HttpResponse<String> me = Suite.get("/api/users/stats/overview", (String) tokens.get("access_token"));
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat((Integer) JsonPath.read(me.body(), "$.byRole.OWNER")).isEqualTo(1);
	}

	@Test
	@Order(2)
	void refreshRotatesAndReusingAnOldRefreshTokenRevokesTheSession() {
		String email = createUser(acme, "refresher", "MEMBER");
		Map<String, Object> first = login(acme.slug(), email, PASSWORD);
		HttpResponse<String> refreshed = refresh((String) first.get("refresh_token"));
		assertThat(refreshed.statusCode()).isEqualTo(200);
		String second = JsonPath.read(refreshed.body(), "$.refresh_token");
		assertThat(Suite.get("/api/users/stats/overview", acme.ownerToken()).statusCode()).isEqualTo(200);

		assertThat(refresh((String) first.get("refresh_token")).statusCode()).isEqualTo(401);
		assertThat(refresh(second).statusCode()).as("the whole family is revoked").isEqualTo(401);
	}

	@Test
	@Order(3)
	void mfaEnrolmentThenLoginWithATotpCode() {
		String email = createUser(acme, "mfa", "MEMBER");
		Map<String, Object> tokens = login(acme.slug(), email, PASSWORD);
		String token = (String) tokens.get("access_token");
		String userId = subject(token);
		HttpResponse<String> started = Suite.post("/api/users/" + userId + "/mfa/totp", "{}", token);
		assertThat(started.statusCode()).isEqualTo(200);
		String secret = JsonPath.read(started.body(), "$.secret");
		assertThat((String) JsonPath.read(started.body(), "$.otpauthUri")).startsWith("otpauth://totp/");
		HttpResponse<String> confirmed = Suite.post("/api/users/" + userId + "/mfa/totp/confirm",
				"{\"code\":\"" + Totp.code(secret, Instant.now()) + "\"}", token);
		assertThat(confirmed.statusCode()).isEqualTo(200);
		assertThat((List<?>) JsonPath.read(confirmed.body(), "$.recoveryCodes")).hasSize(10);

		Map<String, Object> challenge = login(acme.slug(), email, PASSWORD);
		assertThat(challenge).containsEntry("mfa_required", true).doesNotContainKey("access_token");
		// the confirmation spent this time step's code; the next step's code is the one to use
		String code = Totp.code(secret, Instant.now().plusSeconds(30));
		HttpResponse<String> verified = Suite.post("/api/auth/mfa/verify",
				"{\"mfa_token\":\"" + challenge.get("mfa_token") + "\",\"code\":\"" + code + "\"}");
		assertThat(verified.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(verified.body(), "$.access_token")).isNotBlank();
	}

	@Test
	@Order(4)
	void fiveWrongPasswordsLockTheAccountAndTheAnswerGivesNothingAway() {
		String email = createUser(acme, "locked", "MEMBER");
		HttpResponse<String> wrong = null;
		for (int i = 0; i < 5; i++) {
			wrong = loginResponse(acme.slug(), email, "not the password");
			assertThat(wrong.statusCode()).isEqualTo(401);
		}
		HttpResponse<String> locked = loginResponse(acme.slug(), email, PASSWORD);
		HttpResponse<String> unknown = loginResponse(acme.slug(), "nobody-" + email, PASSWORD);
		assertThat(locked.statusCode()).isEqualTo(401);
		assertThat(withoutVolatileFields(locked.body())).isEqualTo(withoutVolatileFields(wrong.body()))
			.isEqualTo(withoutVolatileFields(unknown.body()));
		HttpResponse<String> users = Suite.get("/api/users?status=LOCKED", acme.ownerToken());
		assertThat((List<String>) JsonPath.read(users.body(), "$.items[*].email")).contains(email);
	}

	@Test
	@Order(5)
	void aPasswordIsResetWithTheTokenFromTheLocalMailbox() {
		String email = createUser(acme, "forgetful", "MEMBER");
		HttpResponse<String> accepted = Suite.post("/api/users/reset-password",
				"{\"tenant\":\"" + acme.slug() + "\",\"email\":\"" + email + "\"}");
		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(Suite.post("/api/users/reset-password",
				"{\"tenant\":\"" + acme.slug() + "\",\"email\":\"nobody@example.com\"}").statusCode())
			.isEqualTo(202);
		String token = awaitMessage(email, "password-reset");
		String newPassword = "meadow-copper-falcon-77";
		assertThat(Suite.post("/api/users/set-password",
				"{\"token\":\"" + token + "\",\"newPassword\":\"" + newPassword + "\"}").statusCode())
			.isEqualTo(204);
		assertThat(loginResponse(acme.slug(), email, newPassword).statusCode()).isEqualTo(200);
		assertThat(loginResponse(acme.slug(), email, PASSWORD).statusCode()).isEqualTo(401);
	}

	@Test
	@Order(6)
	void anApiClientGetsAClientCredentialsTokenThatWorksThroughTheGateway() {
		HttpResponse<String> created = Suite.post("/api/users/api-clients",
				"{\"name\":\"reporting\",\"roles\":[\"AUDITOR\"],\"scopes\":[\"users:read\"]}", acme.ownerToken());
		assertThat(created.statusCode()).isEqualTo(201);
		String clientId = JsonPath.read(created.body(), "$.clientId");
		String secret = JsonPath.read(created.body(), "$.clientSecret");
		HttpResponse<String> token = clientCredentials(clientId, secret);
		assertThat(token.statusCode()).isEqualTo(200);
		String accessToken = JsonPath.read(token.body(), "$.access_token");
		HttpResponse<String> users = Suite.get("/api/users", accessToken);
		assertThat(users.statusCode()).isEqualTo(200);
		assertThat((List<String>) JsonPath.read(users.body(), "$.items[*].email")).contains(acme.ownerEmail())
			.doesNotContain(globex.ownerEmail());
	}

	@Test
	@Order(7)
	void oneTenantCannotReachAnothersUsersByIdSearchHeaderOrLogin() {
		String globexUserEmail = createUser(globex, "private", "MEMBER");
		String globexUserId = subject((String) login(globex.slug(), globexUserEmail, PASSWORD).get("access_token"));
		String acmeOwner = acme.ownerToken();

		assertThat(Suite.get("/api/users/" + globexUserId, acmeOwner).statusCode()).isEqualTo(404);
		assertThat(Suite.put("/api/users/" + globexUserId, "{\"status\":\"DISABLED\"}", acmeOwner).statusCode())
			.isEqualTo(404);
		assertThat(Suite.delete("/api/users/" + globexUserId, acmeOwner).statusCode()).isEqualTo(404);
		assertThat(Suite.get("/api/users?q=" + globexUserEmail, acmeOwner).body()).contains("\"totalItems\":0");
		HttpResponse<String> forged = Suite.get("/api/users/" + globexUserId, acmeOwner,
				Map.of("X-Tenant-Id", globex.id().toString()));
		assertThat(forged.statusCode()).isEqualTo(404);
		assertThat(loginResponse(globex.slug(), acme.ownerEmail(), PASSWORD).statusCode())
			.as("tenant A's credentials at tenant B's login")
			.isEqualTo(401);
		assertThat(loginResponse(globex.slug(), globexUserEmail, PASSWORD).statusCode()).isEqualTo(200);
	}

	@Test
	@Order(8)
	void theSigningKeyRotatesWithoutAFailedRequest() throws Exception {
		String email = createUser(acme, "steady", "ADMIN");
		List<Integer> failures = Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger calls = new AtomicInteger();
		Thread traffic = new Thread(() -> {
			String token = (String) login(acme.slug(), email, PASSWORD).get("access_token");
			while (running.get()) {
				int status = Suite.get("/api/users/stats/overview", token).statusCode();
				if (status != 200) {
					failures.add(status);
				}
				if (calls.incrementAndGet() % 10 == 0) {
					token = (String) login(acme.slug(), email, PASSWORD).get("access_token");
				}
			}
		}, "rotation-traffic");
		traffic.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() >= 10);
		String admin = Suite.adminToken();
		String oldKid = kid(admin);
		HttpResponse<String> rotated = Suite.post("/api/auth/keys/rotate", "{}", admin);
		assertThat(rotated.statusCode()).isEqualTo(200);
		String newKid = JsonPath.read(rotated.body(), "$.kid");
		// traffic goes on across the rotation: old tokens, then tokens of the new key
		int atRotation = calls.get();
		await().atMost(Duration.ofSeconds(60)).until(() -> calls.get() >= atRotation + 30);
		running.set(false);
		traffic.join();
		assertThat(kid(Suite.adminToken())).isEqualTo(newKid).isNotEqualTo(oldKid);
		assertThat(Suite.get("/api/users/stats/overview", admin).statusCode())
			.as("a token of the previous key still works").isEqualTo(200);
		assertThat(calls.get()).isGreaterThanOrEqualTo(40);
		assertThat(failures).isEmpty();
	}

	@Test
	@Order(9)
	void loggingOutDisablingOrDeletingEndsAccessTokensAtTheGatewayWithinSeconds() {
		String leaving = createUser(acme, "leaving", "MEMBER");
		String leavingToken = (String) login(acme.slug(), leaving, PASSWORD).get("access_token");
		String leavingId = subject(leavingToken);
		String disabled = createUser(acme, "disabled", "MEMBER");
		String disabledToken = (String) login(acme.slug(), disabled, PASSWORD).get("access_token");
		String loggedOutToken = (String) login(acme.slug(), createUser(acme, "bye", "MEMBER"), PASSWORD)
			.get("access_token");
		String probe = "/api/users/" + leavingId;
		assertThat(Suite.get(probe, leavingToken).statusCode()).isEqualTo(200);

		String owner = acme.ownerToken();
		assertThat(Suite.delete("/api/users/" + leavingId, owner).statusCode()).isEqualTo(204);
		assertThat(Suite.put("/api/users/" + subject(disabledToken), "{\"status\":\"DISABLED\"}", owner).statusCode())
			.isEqualTo(200);
		assertThat(Suite.post("/api/auth/logout", "{}", loggedOutToken).statusCode()).isEqualTo(204);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(Suite.get("/api/users/stats/overview", leavingToken).statusCode()).isEqualTo(401);
			assertThat(Suite.get("/api/users/" + subject(disabledToken), disabledToken).statusCode()).isEqualTo(401);
			assertThat(Suite.get("/api/users/" + subject(loggedOutToken), loggedOutToken).statusCode()).isEqualTo(401);
		});
		assertThat(Suite.get("/api/users/stats/overview", owner).statusCode()).isEqualTo(200);
	}

	// -- the tenant's life, as a client sees it

	record Tenant(UUID id, String slug, String ownerEmail) {

		String ownerToken() {
			return (String) login(this.slug, this.ownerEmail, PASSWORD).get("access_token");
		}

	}

	static Tenant onboard(String admin, String name) {
		String slug = name + "-" + UUID.randomUUID().toString().substring(0, 6);
		String owner = "owner@" + slug + ".example";
		HttpResponse<String> created = Suite.post("/api/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"" + name
				+ "\",\"plan\":\"PROFESSIONAL\",\"ownerEmail\":\"" + owner + "\"}", admin);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String token = awaitMessage(owner, "invitation");
		assertThat(Suite.post("/api/users/set-password",
				"{\"token\":\"" + token + "\",\"newPassword\":\"" + PASSWORD + "\"}").statusCode())
			.isEqualTo(204);
		// the tenant is ACTIVE once organization-service made its root organization and
		// user-service invited its owner, three services and six events later; after the
		// broker restart of EventDeliveryE2ETests their consumers may still be rejoining
		long start = System.nanoTime();
		await().atMost(Duration.ofSeconds(90))
			.until(() -> loginResponse(slug, owner, PASSWORD).statusCode() == 200);
		log.info("Onboarded {}: login accepted {} ms after the password was set", slug,
				(System.nanoTime() - start) / 1_000_000);
		return new Tenant(UUID.fromString(JsonPath.read(created.body(), "$.id")), slug, owner);
	}

	static String createUser(Tenant tenant, String name, String role) {
		String email = name + "-" + UUID.randomUUID().toString().substring(0, 6) + "@" + tenant.slug() + ".example";
		HttpResponse<String> created = Suite.post("/api/users", "{\"email\":\"" + email + "\",\"roles\":[\"" + role
				+ "\"],\"password\":\"" + PASSWORD + "\"}", tenant.ownerToken());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return email;
	}

	static Map<String, Object> login(String slug, String email, String password) {
		HttpResponse<String> response = loginResponse(slug, email, password);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonPath.read(response.body(), "$");
	}

	static HttpResponse<String> loginResponse(String slug, String email, String password) {
		return Suite.post("/api/auth/login",
				"{\"tenant\":\"" + slug + "\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
	}

	static HttpResponse<String> refresh(String refreshToken) {
		return Suite.post("/api/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
	}

	private static HttpResponse<String> clientCredentials(String clientId, String secret) {
		String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return Suite.send(HttpRequest.newBuilder(URI.create(Suite.gateway() + "/oauth2/token"))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=users:read"))
			.build());
	}

	/** The token of the newest message of {@code kind} to {@code email} in the local mailbox. */
	static String awaitMessage(String email, String kind) {
		Path mailbox = Suite.mailbox();
		return await().atMost(Duration.ofSeconds(30)).until(() -> newestMessage(mailbox, email, kind), Optional::isPresent)
			.map((json) -> (String) JsonPath.read(json, "$.token"))
			.orElseThrow();
	}

	private static Optional<String> newestMessage(Path mailbox, String email, String kind) {
		if (!Files.isDirectory(mailbox)) {
			return Optional.empty();
		}
		try (Stream<Path> files = Files.list(mailbox)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".json"))
				.filter((file) -> file.getFileName().toString().contains(email))
				.sorted(Comparator.comparing(Path::getFileName).reversed())
				.map(IdentityE2ETests::read)
				.filter((json) -> kind.equals(JsonPath.read(json, "$.kind")))
				.findFirst();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String subject(String jwt) {
		return JsonPath.read(payload(jwt), "$.sub");
	}

	private static String kid(String jwt) {
		String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
		return JsonPath.read(header, "$.kid");
	}

	private static String payload(String jwt) {
		return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
	}

	/** A problem body without the fields that differ per request (instance, request id). */
	private static String withoutVolatileFields(String body) {
		Map<String, Object> parsed = JsonPath.read(body, "$");
		Map<String, Object> problem = new java.util.TreeMap<>(parsed);
		problem.remove("instance");
		problem.remove("requestId");
		return problem.toString();
	}

}
