package io.tenantry.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Isolation at the gateway, in the service, and in the database, attacked from outside. */
@Order(2)
class TenantIsolationE2ETests {

	static final UUID OTHER_TENANT = UUID.fromString("e2e00000-0000-0000-0000-0000000000bb");

	@BeforeAll
	static void anotherTenantExists() throws SQLException {
		Suite.stack();
		try (Connection db = DriverManager.getConnection(Suite.jdbcUrl("tenant_service"), "postgres", "postgres");
				PreparedStatement insert = db.prepareStatement("""
						insert into tenant (tenant_id, slug, name, status, plan)
						values (?, 'other', 'Other Inc', 'ACTIVE', 'BASIC') on conflict do nothing""")) {
			insert.setObject(1, OTHER_TENANT);
			insert.executeUpdate();
		}
	}

	@Test
	void clientSentTenantHeaderDoesNotReachTheServiceAsSent() {
		// the service refuses a tenant header that disagrees with the token (403); getting 200
		// shows the gateway replaced the forged header with the token's tenant
		HttpResponse<String> response = Suite.get("/api/tenants/" + Suite.PLATFORM_TENANT, Suite.adminToken(),
				Map.of("X-Tenant-Id", OTHER_TENANT.toString(), "X-User-Roles", "OWNER"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"slug\":\"platform\"");
	}

	@Test
	void serviceItselfRefusesATenantHeaderThatDisagreesWithTheToken() {
		int tenantServicePort = 8081 + Suite.PORT_OFFSET;
		HttpResponse<String> response = Suite.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + tenantServicePort + "/api/tenants/" + OTHER_TENANT))
			.header("Authorization", "Bearer " + Suite.adminToken())
			.header("X-Tenant-Id", OTHER_TENANT.toString())
			.build());
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("https://tenantry.io/problems/tenant-mismatch");
	}

	@Test
	void anotherTenantsRowIsNotFoundThroughTheGateway() {
		// a platform operator reads every tenant by design; any other user only their own
		String email = "member-" + UUID.randomUUID().toString().substring(0, 6) + "@platform.example";
		HttpResponse<String> created = Suite.post("/api/users", "{\"email\":\"" + email
				+ "\",\"roles\":[\"MEMBER\"],\"password\":\"" + IdentityE2ETests.PASSWORD + "\"}", Suite.adminToken());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String member = (String) IdentityE2ETests.login("platform", email, IdentityE2ETests.PASSWORD).get("access_token");
		HttpResponse<String> response = Suite.get("/api/tenants/" + OTHER_TENANT, member);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void runtimeRoleSeesNoRowsWithoutATenant() throws SQLException {
		try (Connection db = runtimeRole()) {
			assertThat(count(db, "select count(*) from tenant")).isZero();
		}
	}

	@Test
	void runtimeRoleCannotReadOrWriteAnotherTenantsRow() throws SQLException {
		try (Connection db = runtimeRole()) {
			db.setAutoCommit(false);
			try (PreparedStatement set = db.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
				set.setString(1, Suite.PLATFORM_TENANT.toString());
				set.executeQuery().close();
			}
			assertThat(count(db, "select count(*) from tenant")).isEqualTo(1);
			assertThat(count(db, "select count(*) from tenant where tenant_id = '" + OTHER_TENANT + "'")).isZero();
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> db.createStatement()
					.executeUpdate("insert into tenant (tenant_id, slug, name, status, plan) values ('"
							+ UUID.randomUUID() + "', 'forged', 'x', 'ACTIVE', 'BASIC')"))
				.withMessageContaining("row-level security");
			db.rollback();
		}
	}

	private static Connection runtimeRole() throws SQLException {
		return DriverManager.getConnection(Suite.jdbcUrl("tenant_service"), "tenant_service_app",
				"local-only-tenant_service-app");
	}

	private static int count(Connection db, String sql) throws SQLException {
		try (ResultSet rs = db.createStatement().executeQuery(sql)) {
			rs.next();
			return rs.getInt(1);
		}
	}

}
