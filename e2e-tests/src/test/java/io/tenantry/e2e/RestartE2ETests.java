package io.tenantry.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import io.tenantry.localstack.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping and starting the suite on the same data directory keeps its state. */
@Order(11)
class RestartE2ETests {

	@AfterAll
	static void stopSuite() {
		Suite.stop();
	}

	@Test
	void restartKeepsDatabasesKafkaLogAndSigningKey() throws Exception {
		LocalStack before = Suite.stack();
		Path dataDir = before.options().dataDir();
		String tokenFromBefore = Suite.adminToken();
		String clusterBefore = Files.readString(dataDir.resolve("kafka/data/meta.properties"));
		int usersBefore = userCount("true");

		before.close();
		Suite.replace(Suite.startOn(dataDir));

		// same signing key: a token issued before the restart is still accepted
		assertThat(Suite.get("/api/tenants/" + Suite.PLATFORM_TENANT, tokenFromBefore).statusCode()).isEqualTo(200);
		// same databases: the tenant another test created is still there, the admin was not recreated
		try (Connection db = DriverManager.getConnection(Suite.jdbcUrl("tenant_service"), "postgres", "postgres");
				ResultSet rs = db.createStatement()
					.executeQuery("select count(*) from tenant where tenant_id = '" + TenantIsolationE2ETests.OTHER_TENANT + "'")) {
			rs.next();
			assertThat(rs.getInt(1)).isEqualTo(1);
		}
		assertThat(userCount("true")).isEqualTo(usersBefore);
		assertThat(userCount("lower(email) = '" + Suite.ADMIN_EMAIL + "'")).isEqualTo(1);
		assertThat(Files.readString(dataDir.resolve("kafka/data/meta.properties"))).isEqualTo(clusterBefore);
	}

	private static int userCount(String condition) throws Exception {
		try (Connection db = DriverManager.getConnection(Suite.jdbcUrl("user_service"), "postgres", "postgres");
				ResultSet rs = db.createStatement().executeQuery("select count(*) from user_account where " + condition)) {
			rs.next();
			return rs.getInt(1);
		}
	}

}
