package io.tenantry.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Usage and plan limits through the gateway, as a tenant's people and machines meet them: the
 * gateway's count of API calls reaches billing's statistics and tenant-service's within
 * seconds; a Basic tenant's eleventh user is refused until its owner upgrades; a product
 * reports usage with an API client of scope {@code usage:write}, all or nothing per batch and
 * once per idempotency key; another tenant reads or changes none of it, and a member reads
 * none of the tenant's billing but its entitlements.
 */
@Order(8)
class UsageAndLimitsE2ETests {

	private static final Logger log = LoggerFactory.getLogger(UsageAndLimitsE2ETests.class);

	@Test
	void apiCallsThroughTheGatewayReachBillingUsageAndTenantStatsWithinSeconds() {
		IdentityE2ETests.Tenant tenant = onboard("metered", "PROFESSIONAL");
		String owner = tenant.ownerToken();
		// every call made with this new tenant's tokens, so that no count may exceed it
		AtomicLong sent = new AtomicLong();
		Supplier<HttpResponse<String>> call = () -> {
			sent.incrementAndGet();
			return Suite.get("/api/users/stats/overview", owner);
		};
		int calls = 25;
		for (int i = 0; i < calls; i++) {
			assertThat(call.get().statusCode()).isEqualTo(200);
		}
		long start = System.nanoTime();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			sent.incrementAndGet();
			HttpResponse<String> usage = Suite.get("/api/billing/usage/stats?metric=api_calls&granularity=hour", owner);
			sent.incrementAndGet();
			HttpResponse<String> stats = Suite.get("/api/tenants/" + tenant.id() + "/stats", owner);
			long sentSoFar = sent.get();
			assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
			assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
			long billed = number(usage.body(), "$.total");
			long counted = number(stats.body(), "$.apiCalls");
			// never more than were made, whenever read; at least the 25 once a flush reached both
			assertThat(billed).as("billing's api_calls total").isLessThanOrEqualTo(sentSoFar);
			assertThat(counted).as("tenant-service's apiCalls").isLessThanOrEqualTo(sentSoFar);
			assertThat(billed).as("billing's api_calls total").isGreaterThanOrEqualTo(calls);
			assertThat(counted).as("tenant-service's apiCalls").isGreaterThanOrEqualTo(calls);
		});
		log.info("{} API calls counted by billing and tenant-service {} ms after the last one", calls,
				(System.nanoTime() - start) / 1_000_000);
		HttpResponse<String> usage = Suite.get("/api/billing/usage/stats?metric=api_calls&granularity=hour", owner);
		assertThat((String) JsonPath.read(usage.body(), "$.kind")).isEqualTo("COUNTER");
		assertThat((List<?>) JsonPath.read(usage.body(), "$.points")).isNotEmpty();
	}

	@Test
	void whenTheBasicPlansTenUsersAreReachedTheEleventhIsRefusedUntilTheOwnerUpgrades() {
		IdentityE2ETests.Tenant tenant = onboard("smallshop", "BASIC");
		String owner = tenant.ownerToken();
		// the owner is the first of the ten
		for (int i = 2; i <= 10; i++) {
			HttpResponse<String> created = createUser(tenant, owner, "user" + i);
			assertThat(created.statusCode()).as("user %d: %s", i, created.body()).isEqualTo(201);
		}
		HttpResponse<String> refused = createUser(tenant, owner, "eleventh");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat((String) JsonPath.read(refused.body(), "$.type")).endsWith("/plan-limit-exceeded");
		assertThat((String) JsonPath.read(refused.body(), "$.metric")).isEqualTo("users");
		assertThat(number(refused.body(), "$.limit")).isEqualTo(10);
		assertThat((String) JsonPath.read(refused.body(), "$.plan")).isEqualTo("BASIC");
		assertThat(number(Suite.get("/api/users?size=100", owner).body(), "$.totalItems")).isEqualTo(10);
		// billing heard the ten seats from user-service
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(usedOf(Suite.get("/api/billing/entitlements", owner), "users"))
				.isEqualTo(10));

		HttpResponse<String> subscriptions = await().atMost(Duration.ofSeconds(30))
			.until(() -> Suite.get("/api/billing/subscriptions", owner), (response) -> response.statusCode() == 200);
		assertThat((String) JsonPath.read(subscriptions.body(), "$[0].plan")).isEqualTo("BASIC");
		String subscription = JsonPath.read(subscriptions.body(), "$[0].id");
		HttpResponse<String> upgraded = Suite.put("/api/billing/subscriptions/" + subscription,
				"{\"plan\":\"PROFESSIONAL\"}", owner);
		assertThat(upgraded.statusCode()).as(upgraded.body()).isEqualTo(200);
		assertThat((String) JsonPath.read(upgraded.body(), "$.plan")).isEqualTo("PROFESSIONAL");
		long start = System.nanoTime();
		// refused creations leave nothing behind, so asking again until user-service has heard is safe
		HttpResponse<String> accepted = await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> createUser(tenant, owner, "eleventh"), (response) -> response.statusCode() != 403);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
		log.info("user-service took the PROFESSIONAL plan's users limit {} ms after the upgrade",
				(System.nanoTime() - start) / 1_000_000);
		assertThat(number(Suite.get("/api/users?size=100", owner).body(), "$.totalItems")).isEqualTo(11);
		HttpResponse<String> entitlements = Suite.get("/api/billing/entitlements", owner);
		assertThat((String) JsonPath.read(entitlements.body(), "$.plan")).isEqualTo("PROFESSIONAL");
		assertThat(number(entitlements.body(), "$.usage[?(@.metric == 'users')].limit")).isEqualTo(50);
	}

	@Test
	void aUsageBatchWithABadRecordIsRefusedWholeAndTheSameBatchSentTwiceCountsOnce() throws SQLException {
		IdentityE2ETests.Tenant tenant = onboard("reporter", "PROFESSIONAL");
		String owner = tenant.ownerToken();
		String client = clientToken(tenant, "usage:write");
		String prefix = "batch-" + UUID.randomUUID() + "-";
		Instant now = Instant.now();
		String good = batch(record("projects", 7, now.minusSeconds(120), prefix + "0"),
				record("projects", 9, now.minusSeconds(60), prefix + "1"),
				record("storage_bytes", 4096, now.minusSeconds(60), prefix + "2"));
		String bad = batch(record("projects", 7, now.minusSeconds(120), prefix + "0"),
				record("projects", -1, now.minusSeconds(60), prefix + "1"),
				record("storage_bytes", 4096, now.minusSeconds(60), prefix + "2"));

		HttpResponse<String> refused = Suite.post("/api/billing/usage", bad, client);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat((List<String>) JsonPath.read(refused.body(), "$.errors[*].field"))
			.containsExactly("records[1].quantity");
		assertThat(points(owner, "projects")).isEmpty();
		assertThat(points(owner, "storage_bytes")).isEmpty();
		assertThat(storedRecords(tenant.id(), prefix)).isZero();

		HttpResponse<String> first = Suite.post("/api/billing/usage", good, client);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		assertThat(number(first.body(), "$.received")).isEqualTo(3);
		assertThat(number(first.body(), "$.stored")).as("the refused batch used none of the keys").isEqualTo(3);
		HttpResponse<String> again = Suite.post("/api/billing/usage", good, client);
		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
		assertThat(number(again.body(), "$.stored")).isZero();
		assertThat(number(again.body(), "$.duplicates")).isEqualTo(3);
		assertThat(storedRecords(tenant.id(), prefix)).isEqualTo(3);

		HttpResponse<String> projects = stats(owner, "projects");
		assertThat(number(projects.body(), "$.latest")).isEqualTo(9);
		assertThat(number(projects.body(), "$.peak")).isEqualTo(9);
		assertThat(number(stats(owner, "storage_bytes").body(), "$.latest")).isEqualTo(4096);
		HttpResponse<String> entitlements = Suite.get("/api/billing/entitlements", owner);
		assertThat(usedOf(entitlements, "projects")).isEqualTo(9);
		assertThat(usedOf(entitlements, "storage_bytes")).isEqualTo(4096);
	}

	@Test
	void onlyAnApiClientWithScopeUsageWriteReportsUsage() {
		IdentityE2ETests.Tenant tenant = onboard("integrator", "PROFESSIONAL");
		String owner = tenant.ownerToken();
		String reader = clientToken(tenant, "billing:read");
		String record = record("projects", 3, Instant.now(), "scope-" + UUID.randomUUID());

		HttpResponse<String> withoutScope = Suite.post("/api/billing/usage", record, reader);
		assertThat(withoutScope.statusCode()).as(withoutScope.body()).isEqualTo(403);
		assertThat(withoutScope.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		HttpResponse<String> asOwner = Suite.post("/api/billing/usage", record, owner);
		assertThat(asOwner.statusCode()).as("a user's token has no usage:write scope").isEqualTo(403);
		assertThat(points(owner, "projects")).isEmpty();

		HttpResponse<String> reported = Suite.post("/api/billing/usage", record, clientToken(tenant, "usage:write"));
		assertThat(reported.statusCode()).as(reported.body()).isEqualTo(200);
		assertThat(number(reported.body(), "$.stored")).isEqualTo(1);
		assertThat(number(stats(owner, "projects").body(), "$.latest")).isEqualTo(3);
	}

	@Test
	void anotherTenantsSubscriptionAndInvoiceAreNotFoundAndLeftAsTheyWere() {
		IdentityE2ETests.Tenant victim = onboard("victim", "PROFESSIONAL");
		IdentityE2ETests.Tenant attacker = onboard("attacker", "PROFESSIONAL");
		String victimOwner = victim.ownerToken();
		String subscription = JsonPath.read(await().atMost(Duration.ofSeconds(30))
			.until(() -> Suite.get("/api/billing/subscriptions", victimOwner), (response) -> response.statusCode() == 200)
			.body(), "$[0].id");
		String invoice = JsonPath.read(await().atMost(Duration.ofSeconds(30))
			.until(() -> Suite.get("/api/billing/invoices", victimOwner),
					(response) -> response.statusCode() == 200 && number(response.body(), "$.totalItems") >= 1)
			.body(), "$.items[0].id");
		String theirs = await().atMost(Duration.ofSeconds(30))
			.until(() -> Suite.get("/api/billing/subscriptions", attacker.ownerToken()),
					(response) -> response.statusCode() == 200)
			.body();
		assertThat(theirs).doesNotContain(subscription);

		String token = attacker.ownerToken();
		Map<String, HttpResponse<String>> attacks = Map.of(
				"GET subscription", Suite.get("/api/billing/subscriptions/" + subscription, token),
				"PUT subscription", Suite.put("/api/billing/subscriptions/" + subscription,
						"{\"plan\":\"ENTERPRISE\"}", token),
				"DELETE subscription", Suite.delete("/api/billing/subscriptions/" + subscription + "?immediately=true",
						token),
				"GET preview", Suite.get("/api/billing/subscriptions/" + subscription + "/preview?plan=ENTERPRISE",
						token),
				"GET invoice", Suite.get("/api/billing/invoices/" + invoice, token),
				"POST payment", Suite.post("/api/billing/invoices/" + invoice + "/payment", "", token));
		attacks.forEach((attack, response) -> {
			assertThat(response.statusCode()).as("%s: %s", attack, response.body()).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type")).as(attack)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.body()).as(attack)
				.doesNotContain(victim.id().toString())
				.doesNotContain("PROFESSIONAL")
				.doesNotContain("amountDue");
		});

		HttpResponse<String> unchanged = Suite.get("/api/billing/subscriptions/" + subscription, victimOwner);
		assertThat(unchanged.statusCode()).as(unchanged.body()).isEqualTo(200);
		assertThat((String) JsonPath.read(unchanged.body(), "$.plan")).isEqualTo("PROFESSIONAL");
		assertThat((String) JsonPath.read(unchanged.body(), "$.status")).isEqualTo("ACTIVE");
		assertThat((Boolean) JsonPath.read(unchanged.body(), "$.cancelAtPeriodEnd")).isFalse();
		HttpResponse<String> open = Suite.get("/api/billing/invoices/" + invoice, victimOwner);
		assertThat((String) JsonPath.read(open.body(), "$.status")).isEqualTo("OPEN");
		assertThat(number(open.body(), "$.paymentAttempts")).isZero();
	}

	@Test
	void billingReadsShowOnlyTheCallersTenantsUsage() {
		IdentityE2ETests.Tenant reporting = onboard("busy", "PROFESSIONAL");
		IdentityE2ETests.Tenant idle = onboard("quiet", "PROFESSIONAL");
		String reported = batch(record("projects", 12, Instant.now(), "iso-" + UUID.randomUUID()),
				record("storage_bytes", 123456789, Instant.now(), "iso-" + UUID.randomUUID()));
		HttpResponse<String> stored = Suite.post("/api/billing/usage", reported, clientToken(reporting, "usage:write"));
		assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
		assertThat(number(stored.body(), "$.stored")).isEqualTo(2);
		String theirs = reporting.ownerToken();
		assertThat(number(stats(theirs, "projects").body(), "$.latest")).isEqualTo(12);
		assertThat(usedOf(Suite.get("/api/billing/entitlements", theirs), "storage_bytes")).isEqualTo(123456789);

		String own = idle.ownerToken();
		for (String metric : List.of("projects", "storage_bytes")) {
			HttpResponse<String> stats = stats(own, metric);
			assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
			assertThat((List<?>) JsonPath.read(stats.body(), "$.points")).as(metric).isEmpty();
			assertThat(number(stats.body(), "$.peak")).as(metric).isZero();
		}
		HttpResponse<String> entitlements = await().atMost(Duration.ofSeconds(30))
			.until(() -> Suite.get("/api/billing/entitlements", own), (response) -> response.statusCode() == 200);
		assertThat(usedOf(entitlements, "projects")).isZero();
		assertThat(usedOf(entitlements, "storage_bytes")).isZero();
		HttpResponse<String> summary = Suite.get("/api/billing/summary", own);
		assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
		assertThat(number(summary.body(), "$.usage[?(@.metric == 'projects')].used")).isZero();
		assertThat(number(summary.body(), "$.usage[?(@.metric == 'storage_bytes')].used")).isZero();
	}

	@Test
	void aMemberCannotReadTheTenantsBillingButSeesItsEntitlements() {
		IdentityE2ETests.Tenant tenant = onboard("staffed", "PROFESSIONAL");
		String owner = tenant.ownerToken();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Suite.get("/api/billing/summary", owner).statusCode() == 200);
		String email = IdentityE2ETests.createUser(tenant, "member", "MEMBER");
		String member = (String) IdentityE2ETests.login(tenant.slug(), email, IdentityE2ETests.PASSWORD)
			.get("access_token");
		for (String path : List.of("/api/billing/summary", "/api/billing/invoices", "/api/billing/subscriptions",
				"/api/billing/usage/stats?metric=api_calls")) {
			assertThat(Suite.get(path, owner).statusCode()).as("the owner reads " + path).isEqualTo(200);
			HttpResponse<String> response = Suite.get(path, member);
			assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(403);
			assertThat(response.headers().firstValue("Content-Type")).as(path)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat((String) JsonPath.read(response.body(), "$.type")).endsWith("/access-denied");
		}
		// billing-service answers the entitlements to any token of the tenant, by design (its
		// controller and decision 13: a product asks before it creates a project); so a member
		// reads its own tenant's plan and use, and nothing of money
		HttpResponse<String> entitlements = await().atMost(Duration.ofSeconds(30))
			.until(() -> Suite.get("/api/billing/entitlements", member),
					(response) -> response.statusCode() != 200 || usedOf(response, "users") == 2);
		assertThat(entitlements.statusCode()).as(entitlements.body()).isEqualTo(200);
		assertThat((String) JsonPath.read(entitlements.body(), "$.plan")).isEqualTo("PROFESSIONAL");
		assertThat(entitlements.body()).doesNotContain("amount").doesNotContain("Balance");
	}

	// -- a tenant as a client sees it

	/** A tenant on {@code plan}, its owner able to log in (as {@link IdentityE2ETests#onboard}). */
	static IdentityE2ETests.Tenant onboard(String name, String plan) {
		String slug = name + "-" + UUID.randomUUID().toString().substring(0, 6);
		String owner = "owner@" + slug + ".example";
		HttpResponse<String> created = Suite.post("/api/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"" + name
				+ "\",\"plan\":\"" + plan + "\",\"ownerEmail\":\"" + owner + "\"}", Suite.adminToken());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String token = IdentityE2ETests.awaitMessage(owner, "invitation");
		assertThat(Suite.post("/api/users/set-password",
				"{\"token\":\"" + token + "\",\"newPassword\":\"" + IdentityE2ETests.PASSWORD + "\"}").statusCode())
			.isEqualTo(204);
		await().atMost(Duration.ofSeconds(90))
			.until(() -> IdentityE2ETests.loginResponse(slug, owner, IdentityE2ETests.PASSWORD).statusCode() == 200);
		return new IdentityE2ETests.Tenant(UUID.fromString(JsonPath.read(created.body(), "$.id")), slug, owner);
	}

	/** A user invited by mail (no password), which takes a seat like any other account. */
	private static HttpResponse<String> createUser(IdentityE2ETests.Tenant tenant, String owner, String name) {
		return Suite.post("/api/users",
				"{\"email\":\"" + name + "@" + tenant.slug() + ".example\",\"roles\":[\"MEMBER\"]}", owner);
	}

	/**
	 * A client_credentials token of a new API client of the tenant with {@code scope}: clients
	 * are Professional's api_access feature, which user-service knows once billing has published
	 * the new tenant's entitlements.
	 */
	private static String clientToken(IdentityE2ETests.Tenant tenant, String scope) {
		String owner = tenant.ownerToken();
		HttpResponse<String> created = await().atMost(Duration.ofSeconds(30))
			.until(() -> Suite.post("/api/users/api-clients",
					"{\"name\":\"" + scope.replace(':', '-') + "\",\"roles\":[],\"scopes\":[\"" + scope + "\"]}", owner),
					(response) -> response.statusCode() != 403);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String basic = Base64.getEncoder()
			.encodeToString((JsonPath.read(created.body(), "$.clientId") + ":"
					+ JsonPath.read(created.body(), "$.clientSecret"))
				.getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> token = Suite.send(HttpRequest.newBuilder(URI.create(Suite.gateway() + "/oauth2/token"))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope))
			.build());
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		return JsonPath.read(token.body(), "$.access_token");
	}

	private static String record(String metric, long quantity, Instant timestamp, String key) {
		return "{\"metric\":\"" + metric + "\",\"quantity\":" + quantity + ",\"timestamp\":\"" + timestamp
				+ "\",\"idempotencyKey\":\"" + key + "\"}";
	}

	private static String batch(String... records) {
		return "{\"records\":[" + String.join(",", records) + "]}";
	}

	private static HttpResponse<String> stats(String token, String metric) {
		HttpResponse<String> stats = Suite.get("/api/billing/usage/stats?metric=" + metric + "&granularity=hour",
				token);
		assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
		return stats;
	}

	private static List<?> points(String token, String metric) {
		return JsonPath.read(stats(token, metric).body(), "$.points");
	}

	private static long usedOf(HttpResponse<String> entitlements, String metric) {
		assertThat(entitlements.statusCode()).as(entitlements.body()).isEqualTo(200);
		return number(entitlements.body(), "$.usage[?(@.metric == '" + metric + "')].used");
	}

	/** The number at {@code path}; a filter's single match is unwrapped. */
	private static long number(String json, String path) {
		Object value = JsonPath.read(json, path);
		if (value instanceof List<?> matches) {
			assertThat(matches).as(path + " in " + json).hasSize(1);
			value = matches.get(0);
		}
		assertThat(value).as(path + " in " + json).isInstanceOf(Number.class);
		return ((Number) value).longValue();
	}

	/** The tenant's usage records with these keys, as billing-service stored them. */
	private static long storedRecords(UUID tenant, String keyPrefix) throws SQLException {
		try (Connection db = DriverManager.getConnection(Suite.jdbcUrl("billing_service"), "postgres", "postgres");
				PreparedStatement count = db.prepareStatement(
						"select count(*) from usage_record where tenant_id = ? and idempotency_key like ?")) {
			count.setObject(1, tenant);
			count.setString(2, keyPrefix + "%");
			try (ResultSet rs = count.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

}
