package io.tenantry.e2e;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tenant's lifecycle through the gateway: sign-up or creation gives a PROVISIONING tenant
 * that becomes ACTIVE once its root organization exists and its owner is invited; a
 * suspension refuses all of the tenant's
 * requests within 5 seconds, except reading its own status, and its logins and refreshes;
 * reactivation gives everything back; a deletion is refused the same way until it is
 * restored, and after its grace period every service has purged the tenant.
 */
@Order(5)
class TenantLifecycleE2ETests {

	private static final Logger log = LoggerFactory.getLogger(TenantLifecycleE2ETests.class);

	static IdentityE2ETests.Tenant initech;

	@BeforeAll
	static void aTenantWithItsOwner() {
		Suite.stack();
		initech = IdentityE2ETests.onboard(Suite.adminToken(), "initech");
	}

	@Test
	void signUpThroughTheGatewayGivesAnActiveTenantWithItsOwnerAndRootOrganization() {
		String slug = "startup-" + java.util.UUID.randomUUID().toString().substring(0, 6);
		String owner = "founder@" + slug + ".example";
		HttpResponse<String> signedUp = Suite.post("/api/signup",
				"{\"slug\":\"" + slug + "\",\"name\":\"Startup\",\"ownerEmail\":\"" + owner + "\"}");
		assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(201);
		assertThat((String) JsonPath.read(signedUp.body(), "$.status")).isEqualTo("PROVISIONING");
		String id = JsonPath.read(signedUp.body(), "$.id");
		String invitation = IdentityE2ETests.awaitMessage(owner, "invitation");
		assertThat(Suite.post("/api/users/set-password",
				"{\"token\":\"" + invitation + "\",\"newPassword\":\"" + IdentityE2ETests.PASSWORD + "\"}").statusCode())
			.isEqualTo(204);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			HttpResponse<String> login = IdentityE2ETests.loginResponse(slug, owner, IdentityE2ETests.PASSWORD);
			assertThat(login.statusCode()).as("login of the signed-up owner: %s; the tenant: %s", login.body(),
					Suite.get("/api/tenants/" + id, Suite.adminToken()).body()).isEqualTo(200);
		});
		String token = (String) IdentityE2ETests.login(slug, owner, IdentityE2ETests.PASSWORD).get("access_token");
		HttpResponse<String> tenant = Suite.get("/api/tenants/" + id, token);
		assertThat((String) JsonPath.read(tenant.body(), "$.status")).isEqualTo("ACTIVE");
		assertThat((java.util.List<String>) JsonPath.read(tenant.body(), "$.provisioning[*].status"))
			.containsOnly("DONE");
		HttpResponse<String> roots = Suite.get("/api/organizations?roots=true", token);
		assertThat((String) JsonPath.read(roots.body(), "$.items[0].name")).isEqualTo("Startup");
	}

	@Test
	void aCreatedTenantGetsItsRootOrganizationWhichItsOwnerManagesAndInvitesTo() {
		String owner = initech.ownerToken();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> (Integer) JsonPath.read(Suite.get("/api/organizations?roots=true", owner).body(),
					"$.totalItems") == 1);
		HttpResponse<String> roots = Suite.get("/api/organizations?roots=true", owner);
		assertThat((String) JsonPath.read(roots.body(), "$.items[0].name")).isEqualTo("initech");
		String root = JsonPath.read(roots.body(), "$.items[0].id");
		HttpResponse<String> child = Suite.post("/api/organizations",
				"{\"name\":\"Engineering\",\"parentId\":\"" + root + "\"}", owner);
		assertThat(child.statusCode()).as(child.body()).isEqualTo(201);
		String ownerId = JsonPath.read(Suite.get("/api/users?role=OWNER", owner).body(), "$.items[0].id");
		await().atMost(Duration.ofSeconds(10)).until(() -> Suite.post("/api/organizations/" + root + "/users",
				"{\"userId\":\"" + ownerId + "\",\"role\":\"ORG_ADMIN\"}", owner).statusCode() == 201);
		HttpResponse<String> permissions = Suite.get("/api/organizations/" + JsonPath.read(child.body(), "$.id")
				+ "/users/" + ownerId + "/permissions", owner);
		assertThat(permissions.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(permissions.body(), "$.role")).isEqualTo("ORG_ADMIN");
		assertThat((Boolean) JsonPath.read(permissions.body(), "$.source.inherited")).isTrue();

		// an invitation to someone without an account: accepted, the account made by
		// user-service, its password set, and the newcomer is a member with the invited role
		String engineering = JsonPath.read(child.body(), "$.id");
		String newcomer = "newcomer-" + java.util.UUID.randomUUID().toString().substring(0, 6) + "@initech.example";
		HttpResponse<String> invited = Suite.post("/api/organizations/" + engineering + "/invitations",
				"{\"email\":\"" + newcomer + "\",\"role\":\"ORG_VIEWER\"}", owner);
		assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
		HttpResponse<String> accepted = Suite.post("/api/organizations/invitations/accept",
				"{\"token\":\"" + IdentityE2ETests.awaitMessage(newcomer, "organization-invitation") + "\"}");
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
		assertThat((String) JsonPath.read(accepted.body(), "$.outcome")).isEqualTo("awaiting-account");
		assertThat(Suite.post("/api/users/set-password", "{\"token\":\"" + IdentityE2ETests.awaitMessage(newcomer,
				"invitation") + "\",\"newPassword\":\"" + IdentityE2ETests.PASSWORD + "\"}").statusCode()).isEqualTo(204);
		String newcomerToken = (String) IdentityE2ETests.login(initech.slug(), newcomer, IdentityE2ETests.PASSWORD)
			.get("access_token");
		String claims = new String(java.util.Base64.getUrlDecoder().decode(newcomerToken.split("\\.")[1]),
				java.nio.charset.StandardCharsets.UTF_8);
		String newcomerId = JsonPath.read(claims, "$.sub");
		await().atMost(Duration.ofSeconds(10)).until(() -> Suite.get("/api/organizations/" + engineering + "/users/"
				+ newcomerId + "/permissions", newcomerToken).body().contains("\"role\":\"ORG_VIEWER\""));
	}

	@Test
	void aSuspensionRefusesTheTenantEverywhereWithinFiveSecondsAndReactivationLiftsIt() {
		String email = IdentityE2ETests.createUser(initech, "worker", "MEMBER");
		Map<String, Object> tokens = IdentityE2ETests.login(initech.slug(), email, IdentityE2ETests.PASSWORD);
		String owner = initech.ownerToken();
		String admin = Suite.adminToken();
		assertThat(Suite.get("/api/users", owner).statusCode()).isEqualTo(200);

		HttpResponse<String> suspended = Suite.post("/api/tenants/" + initech.id() + "/suspend",
				"{\"reason\":\"payment overdue\"}", admin);
		assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
		long start = System.nanoTime();
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
			.until(() -> Suite.get("/api/users", owner).statusCode() == 403);
		long refusedAfterMs = (System.nanoTime() - start) / 1_000_000;
		HttpResponse<String> refused = Suite.get("/api/users/stats/overview", (String) tokens.get("access_token"));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat((String) JsonPath.read(refused.body(), "$.type")).endsWith("/tenant-suspended");
		assertThat(Suite.post("/api/users", "{\"email\":\"x@initech.example\",\"roles\":[\"MEMBER\"]}", owner)
			.statusCode()).isEqualTo(403);
		HttpResponse<String> own = Suite.get("/api/tenants/" + initech.id(), owner);
		assertThat(own.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(own.body(), "$.status")).isEqualTo("SUSPENDED");
		assertThat((String) JsonPath.read(own.body(), "$.statusReason")).isEqualTo("payment overdue");
		// its users still log in, to pay: the gateway lets them reach billing and their tenant only
		HttpResponse<String> login = IdentityE2ETests.loginResponse(initech.slug(), email, IdentityE2ETests.PASSWORD);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		String suspendedToken = JsonPath.read(login.body(), "$.access_token");
		assertThat(Suite.get("/api/users", suspendedToken).statusCode()).isEqualTo(403);
		assertThat(Suite.get("/api/billing/subscription", owner).statusCode()).isEqualTo(200);
		assertThat(IdentityE2ETests.refresh((String) tokens.get("refresh_token")).statusCode()).isEqualTo(200);

		assertThat(Suite.post("/api/tenants/" + initech.id() + "/reactivate", "{}", admin).statusCode())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
			.until(() -> Suite.get("/api/users", owner).statusCode() == 200);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> IdentityE2ETests.loginResponse(initech.slug(), email, IdentityE2ETests.PASSWORD)
				.statusCode() == 200);
		log.info("Suspension refused the tenant's requests at the gateway after {} ms", refusedAfterMs);
	}

	@Test
	void aDeletedTenantIsPurgedFromEveryServiceAfterItsGracePeriodButForItsAuditCheckpointsAndInvoices()
			throws Exception {
		IdentityE2ETests.Tenant umbrella = IdentityE2ETests.onboard(Suite.adminToken(), "umbrella");
		String owner = umbrella.ownerToken();
		String email = IdentityE2ETests.createUser(umbrella, "scientist", "MEMBER");
		IdentityE2ETests.login(umbrella.slug(), email, IdentityE2ETests.PASSWORD);
		assertThat(Suite.put("/api/tenants/" + umbrella.id() + "/config", "{\"locale\":\"de\"}", owner).statusCode())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> (Integer) JsonPath.read(Suite.get("/api/organizations?roots=true", owner).body(),
					"$.totalItems") == 1);
		String root = JsonPath.read(Suite.get("/api/organizations?roots=true", owner).body(), "$.items[0].id");
		assertThat(Suite.post("/api/organizations", "{\"name\":\"Labs\",\"parentId\":\"" + root + "\"}", owner)
			.statusCode()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Suite.get("/api/audit/logs", owner).body().contains("io.tenantry.organization.created.v1"));
		assertThat(Suite.post("/api/audit/checkpoints", "{}", owner).statusCode()).isIn(200, 201);
		for (String database : DATABASES) {
			if (!database.equals("security_service")) {
				assertThat(rows(database, umbrella.id())).as(database).isPositive();
			}
		}

		HttpResponse<String> deleted = Suite.delete("/api/tenants/" + umbrella.id(), owner);
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
		long start = System.nanoTime();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
			.until(() -> DATABASES.stream().mapToLong((database) -> rows(database, umbrella.id())).sum() == 0);
		log.info("Tenant purged from every database {} ms after its deletion (grace period {} s)",
				(System.nanoTime() - start) / 1_000_000, Suite.DELETION_GRACE_PERIOD.toSeconds());
		try (Connection audit = DriverManager.getConnection(Suite.jdbcUrl("audit_service"), "postgres", "postgres");
				PreparedStatement count = audit
					.prepareStatement("select count(*) from audit_checkpoint where tenant_id = ?")) {
			count.setObject(1, umbrella.id());
			try (ResultSet rs = count.executeQuery()) {
				rs.next();
				assertThat(rs.getLong(1)).as("signed checkpoints stay").isPositive();
			}
		}
		try (Connection billing = DriverManager.getConnection(Suite.jdbcUrl("billing_service"), "postgres", "postgres");
				PreparedStatement statuses = billing
					.prepareStatement("select status from invoice where tenant_id = ? order by number")) {
			statuses.setObject(1, umbrella.id());
			try (ResultSet rs = statuses.executeQuery()) {
				assertThat(rs.next()).as("invoices stay").isTrue();
				assertThat(rs.getString(1)).as("the open invoice is voided").isEqualTo("VOID");
			}
		}
		assertThat(Suite.get("/api/tenants/" + umbrella.id(), Suite.adminToken()).statusCode()).isEqualTo(404);
		assertThat(IdentityE2ETests.loginResponse(umbrella.slug(), email, IdentityE2ETests.PASSWORD).statusCode())
			.isEqualTo(401);
	}

	static final List<String> DATABASES = List.of("tenant_service", "organization_service", "user_service",
			"billing_service", "security_service", "audit_service");

	/**
	 * The tenant's rows in every table of a service's database, but those kept on purpose: the
	 * audit log's signed checkpoints and billing's invoices.
	 */
	static long rows(String database, java.util.UUID tenant) {
		try (Connection db = DriverManager.getConnection(Suite.jdbcUrl(database), "postgres", "postgres")) {
			List<String> tables = new ArrayList<>();
			try (ResultSet rs = db.createStatement().executeQuery("""
					select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
					join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id'
					where c.relkind in ('r', 'p') and not c.relispartition
					and c.relname not in ('audit_checkpoint', 'invoice', 'invoice_line')""")) {
				while (rs.next()) {
					tables.add(rs.getString(1));
				}
			}
			long total = 0;
			for (String table : tables) {
				try (PreparedStatement count = db.prepareStatement("select count(*) from " + table + " where tenant_id = ?")) {
					count.setObject(1, tenant);
					try (ResultSet rs = count.executeQuery()) {
						rs.next();
						total += rs.getLong(1);
					}
				}
			}
			return total;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void aDeletedTenantIsRefusedUntilRestoredAndAnotherTenantCannotTouchIt() {
		IdentityE2ETests.Tenant hooli = IdentityE2ETests.onboard(Suite.adminToken(), "hooli");
		String hooliOwner = hooli.ownerToken();
		String attacker = initech.ownerToken();
		assertThat(Suite.get("/api/tenants/" + hooli.id(), attacker).statusCode()).isEqualTo(404);
		assertThat(Suite.delete("/api/tenants/" + hooli.id(), attacker).statusCode()).isEqualTo(404);
		assertThat(Suite.put("/api/tenants/" + hooli.id() + "/config", "{\"locale\":\"de\"}", attacker).statusCode())
			.isEqualTo(404);
		assertThat(Suite.get("/api/tenants", attacker).statusCode()).isEqualTo(403);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> (Integer) JsonPath.read(Suite.get("/api/organizations?roots=true", hooliOwner).body(),
					"$.totalItems") == 1);
		String hooliRoot = JsonPath.read(Suite.get("/api/organizations?roots=true", hooliOwner).body(), "$.items[0].id");
		assertThat(Suite.get("/api/organizations/" + hooliRoot, attacker).statusCode()).isEqualTo(404);
		assertThat(Suite.post("/api/organizations", "{\"name\":\"Inside\",\"parentId\":\"" + hooliRoot + "\"}",
				attacker).statusCode()).isEqualTo(400);

		HttpResponse<String> deleted = Suite.delete("/api/tenants/" + hooli.id(), hooliOwner);
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
		assertThat((String) JsonPath.read(deleted.body(), "$.status")).isEqualTo("PENDING_DELETION");
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
			.until(() -> Suite.get("/api/users", hooliOwner).statusCode() == 403);
		assertThat(Suite.get("/api/users", attacker).statusCode()).as("other tenants are untouched").isEqualTo(200);
		assertThat(Suite.post("/api/tenants/" + hooli.id() + "/reactivate", "{}", Suite.adminToken()).statusCode())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
			.until(() -> Suite.get("/api/users", hooliOwner).statusCode() == 200);
	}

}
