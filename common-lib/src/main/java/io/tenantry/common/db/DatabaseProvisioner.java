package io.tenantry.common.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates one service's database with its two roles, as a PostgreSQL superuser would on
 * install: an owner role that Flyway migrates with, and a runtime role that owns nothing,
 * cannot bypass row-level security, and gets table privileges only from the migrations.
 * Idempotent: existing roles and databases are kept (passwords are reset).
 */
public final class DatabaseProvisioner {

	private final String adminJdbcUrlPrefix;

	private final String adminUser;

	private final String adminPassword;

	/**
	 * @param adminJdbcUrlPrefix e.g. {@code jdbc:postgresql://localhost:5432/}, database
	 * names are appended
	 */
	public DatabaseProvisioner(String adminJdbcUrlPrefix, String adminUser, String adminPassword) {
		this.adminJdbcUrlPrefix = adminJdbcUrlPrefix;
		this.adminUser = adminUser;
		this.adminPassword = adminPassword;
	}

	/** Provisions the database of {@code serviceName} with the default role names. */
	public ServiceDatabase provision(String serviceName, String ownerPassword, String appPassword) {
		ServiceDatabase db = ServiceDatabase.of(serviceName, ownerPassword, appPassword);
		try (Connection admin = connect("postgres")) {
			upsertRole(admin, db.ownerRole(), db.ownerPassword(), "NOSUPERUSER NOCREATEDB NOCREATEROLE");
			upsertRole(admin, db.appRole(), db.appPassword(), "NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS");
			if (!exists(admin, "select 1 from pg_database where datname = ?", db.database())) {
				execute(admin, "create database " + ident(db.database()) + " owner " + ident(db.ownerRole()));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot provision database " + db.database(), ex);
		}
		try (Connection admin = connect(db.database())) {
			execute(admin, "revoke all on database " + ident(db.database()) + " from public");
			execute(admin, "grant connect on database " + ident(db.database()) + " to " + ident(db.appRole()));
			execute(admin, "revoke create on schema public from public");
			execute(admin, "grant usage on schema public to " + ident(db.appRole()));
			execute(admin, "alter schema public owner to " + ident(db.ownerRole()));
			// Under row-level security the planner evaluates a user's condition before the
			// policy only when its function is leakproof; the full-text match operator (@@)
			// is not marked so, and a search would filter every row of the tenant instead
			// of using its GIN index. ts_match_vq returns a boolean and raises no error that
			// carries row data, so it is declared leakproof in each service database (pg_proc
			// is per database).
			execute(admin, "alter function pg_catalog.ts_match_vq(tsvector, tsquery) leakproof");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot set privileges on database " + db.database(), ex);
		}
		return db;
	}

	private Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(this.adminJdbcUrlPrefix + database, this.adminUser, this.adminPassword);
	}

	private static void upsertRole(Connection admin, String role, String password, String attributes)
			throws SQLException {
		String verb = exists(admin, "select 1 from pg_roles where rolname = ?", role) ? "alter" : "create";
		execute(admin, verb + " role " + ident(role) + " with login " + attributes + " password " + literal(password));
	}

	private static boolean exists(Connection connection, String sql, String value) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, value);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next();
			}
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	static String ident(String name) {
		if (!name.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("Not a plain identifier: " + name);
		}
		return name;
	}

	static String literal(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

	/**
	 * One service's database and its roles.
	 */
	public record ServiceDatabase(String database, String ownerRole, String ownerPassword, String appRole,
			String appPassword) {

		public static ServiceDatabase of(String serviceName, String ownerPassword, String appPassword) {
			String database = serviceName.replace('-', '_');
			return new ServiceDatabase(database, database + "_owner", ownerPassword, database + "_app", appPassword);
		}

		/** The local default passwords, the same ones the services assume when none is configured. */
		public static ServiceDatabase localDefaults(String serviceName) {
			String database = serviceName.replace('-', '_');
			return of(serviceName, "local-only-" + database + "-owner", "local-only-" + database + "-app");
		}

	}

}
