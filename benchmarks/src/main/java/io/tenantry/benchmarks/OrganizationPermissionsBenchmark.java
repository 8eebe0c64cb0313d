package io.tenantry.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import io.tenantry.localstack.App;
import io.tenantry.localstack.Console;
import io.tenantry.localstack.LocalStack;
import io.tenantry.localstack.Options;

/**
 * The effective-permissions call, {@code GET /api/organizations/{id}/users/{userId}/permissions},
 * through the gateway on one tenant with 10,000 organizations five levels deep (branching
 * ten) and 100,000 memberships (10,000 users in ten organizations each, random roles),
 * beside its plain SQL (the runtime role, the tenant set, the same query) as the baseline.
 * The tree and memberships are written straight into organization-service's database.
 * Usage: {@code benchmarks/run-organization-permissions.sh [calls]} (default 2000).
 */
public final class OrganizationPermissionsBenchmark {

	static final int ORGANIZATIONS = 10_000;

	static final int USERS = 10_000;

	static final int MEMBERSHIPS_PER_USER = 10;

	static final String[] ROLES = { "ORG_ADMIN", "ORG_MEMBER", "ORG_VIEWER" };

	static final int WARM_UP_CALLS = 2000;

	private OrganizationPermissionsBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int calls = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		Path root = Path.of("").toAbsolutePath();
		Console console = new Console(System.out);
		Options options = Options.defaults(root)
			.withDataDir(root.resolve("benchmarks/target/organization-data"))
			.withPortOffset(12000)
			.withAdminPassword("benchmark-admin-password");
		AuditIngestBenchmark.deleteRecursively(options.dataDir());
		Random random = new Random(42);
		try (LocalStack stack = new LocalStack(options, console)) {
			stack.start();
			UUID tenant = UUID.randomUUID();
			List<UUID[]> paths = new ArrayList<>();
			List<UUID> users = new ArrayList<>();
			long loadStart = System.nanoTime();
			try (Connection db = DriverManager.getConnection(AuditQueryBenchmark.jdbc(options, "organization_service"),
					"postgres", "postgres")) {
				load(db, tenant, random, paths, users);
			}
			console.line("loaded     %,d organizations, %,d memberships in %.0f s", ORGANIZATIONS,
					USERS * MEMBERSHIPS_PER_USER, (System.nanoTime() - loadStart) / 1e9);

			// the deepest organizations and users picked at random: each call walks five levels
			List<UUID[]> leaves = paths.stream().filter((path) -> path.length == 5).toList();
			String token = AuditQueryBenchmark.token(options, tenant);
			String gateway = "http://localhost:" + options.port(App.GATEWAY);
			HttpClient http = HttpClient.newHttpClient();
			AuditQueryBenchmark.Call call = () -> {
				UUID[] path = leaves.get(random.nextInt(leaves.size()));
				UUID user = users.get(random.nextInt(users.size()));
				HttpResponse<String> response = http.send(HttpRequest
					.newBuilder(URI.create(gateway + "/api/organizations/" + path[4] + "/users/" + user + "/permissions"))
					.header("Authorization", "Bearer " + token)
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 200) {
					throw new IllegalStateException(response.statusCode() + " " + response.body());
				}
			};
			// the gateway and the service compile their hot paths first (measure itself warms 50)
			for (int i = 0; i < WARM_UP_CALLS; i++) {
				call.run();
			}
			long[] api = AuditQueryBenchmark.measure(calls, call);
			long[] sql;
			try (Connection app = DriverManager.getConnection(AuditQueryBenchmark.jdbc(options, "organization_service"),
					"organization_service_app", "local-only-organization_service-app")) {
				app.setAutoCommit(false);
				sql = AuditQueryBenchmark.measure(calls, () -> {
					UUID[] path = leaves.get(random.nextInt(leaves.size()));
					UUID user = users.get(random.nextInt(users.size()));
					try (PreparedStatement set = app.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
						set.setString(1, tenant.toString());
						set.executeQuery().close();
					}
					try (PreparedStatement statement = app.prepareStatement("""
							select m.organization_id, o.name, o.depth, m.role
							from membership m join organization o on o.tenant_id = m.tenant_id and o.id = m.organization_id
							where m.user_id = ? and m.organization_id = any(?)
							order by o.depth desc
							""")) {
						statement.setObject(1, user);
						statement.setArray(2, app.createArrayOf("uuid", path));
						try (ResultSet rs = statement.executeQuery()) {
							while (rs.next()) {
								rs.getString(4);
							}
						}
					}
					app.commit();
				});
			}
			String row = String.format(Locale.ROOT, "| effective permissions, depth 5 | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | < 20 ms |",
					calls, AuditQueryBenchmark.ms(AuditQueryBenchmark.percentile(api, 50)),
					AuditQueryBenchmark.ms(AuditQueryBenchmark.percentile(api, 95)),
					AuditQueryBenchmark.ms(AuditQueryBenchmark.percentile(api, 99)),
					AuditQueryBenchmark.ms(AuditQueryBenchmark.percentile(sql, 50)),
					AuditQueryBenchmark.ms(AuditQueryBenchmark.percentile(sql, 95)),
					AuditQueryBenchmark.ms(AuditQueryBenchmark.percentile(sql, 99)),
					(double) AuditQueryBenchmark.percentile(api, 95) / AuditQueryBenchmark.percentile(sql, 95));
			console.line("%s", row);
			write(root, row);
		}
	}

	/** A five-level tree, branching ten, cut at 10,000 organizations; users in ten each. */
	private static void load(Connection db, UUID tenant, Random random, List<UUID[]> paths, List<UUID> users)
			throws Exception {
		db.setAutoCommit(false);
		try (PreparedStatement set = db.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
			set.setString(1, tenant.toString());
			set.executeQuery().close();
		}
		Timestamp now = Timestamp.from(Instant.now());
		List<UUID[]> level = List.<UUID[]>of(new UUID[] { UUID.randomUUID() });
		try (PreparedStatement insert = db.prepareStatement("""
				insert into organization (tenant_id, id, parent_id, name, path, depth, created_at, updated_at)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")) {
			paths.addAll(level);
			while (paths.size() < ORGANIZATIONS) {
				List<UUID[]> next = new ArrayList<>();
				for (UUID[] parent : level) {
					for (int i = 0; i < 10 && paths.size() + next.size() < ORGANIZATIONS; i++) {
						UUID[] path = java.util.Arrays.copyOf(parent, parent.length + 1);
						path[parent.length] = UUID.randomUUID();
						next.add(path);
					}
				}
				paths.addAll(next);
				level = next;
			}
			int n = 0;
			for (UUID[] path : paths) {
				insert.setObject(1, tenant);
				insert.setObject(2, path[path.length - 1]);
				insert.setObject(3, (path.length > 1) ? path[path.length - 2] : null);
				insert.setString(4, "Org " + (n++));
				insert.setArray(5, db.createArrayOf("uuid", path));
				insert.setInt(6, path.length);
				insert.setTimestamp(7, now);
				insert.setTimestamp(8, now);
				insert.addBatch();
			}
			insert.executeBatch();
		}
		try (PreparedStatement user = db.prepareStatement(
				"insert into org_user (tenant_id, user_id, email, status, updated_at) values (?, ?, ?, 'ACTIVE', ?)");
				PreparedStatement member = db.prepareStatement("""
						insert into membership (tenant_id, organization_id, user_id, role, created_at, updated_at)
						values (?, ?, ?, ?, ?, ?) on conflict do nothing""")) {
			for (int u = 0; u < USERS; u++) {
				UUID id = UUID.randomUUID();
				users.add(id);
				user.setObject(1, tenant);
				user.setObject(2, id);
				user.setString(3, "user" + u + "@bench.example");
				user.setTimestamp(4, now);
				user.addBatch();
				for (int m = 0; m < MEMBERSHIPS_PER_USER; m++) {
					UUID[] path = paths.get(random.nextInt(paths.size()));
					member.setObject(1, tenant);
					member.setObject(2, path[path.length - 1]);
					member.setObject(3, id);
					member.setString(4, ROLES[random.nextInt(ROLES.length)]);
					member.setTimestamp(5, now);
					member.setTimestamp(6, now);
					member.addBatch();
				}
			}
			user.executeBatch();
			member.executeBatch();
		}
		db.commit();
		db.createStatement().execute("analyze organization");
		db.createStatement().execute("analyze membership");
		db.setAutoCommit(true);
	}

	private static void write(Path root, String row) throws Exception {
		Path file = root.resolve("benchmarks/results/organization-permissions.md");
		StringBuilder out = new StringBuilder();
		if (!Files.exists(file)) {
			out.append("""
					# Effective permissions latency

					`GET /api/organizations/{id}/users/{userId}/permissions` through the gateway (token check,
					routing, organization-service's HTTP, JSON, RLS, role lookup), one call at a time, on a
					tenant with 10,000 organizations five levels deep and 100,000 memberships, for a random
					organization at the fifth level and a random user; beside the baseline, the plain SQL
					of the same lookup run by the runtime role with the tenant set. The API is called 2,000
					times before it is measured. Produced by
					`benchmarks/run-organization-permissions.sh [calls]`; each run appends a table.
					Target: p95 < 20 ms.
					""");
		}
		out.append(String.format(Locale.ROOT, """

				## %s: %d cores

				| call | calls | API p50 ms | API p95 ms | API p99 ms | SQL p50 ms | SQL p95 ms | SQL p99 ms | API p95 / SQL p95 | target |
				|---|---|---|---|---|---|---|---|---|---|
				""", Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors()));
		out.append(row).append('\n');
		Files.writeString(file, out.toString(), java.nio.file.StandardOpenOption.CREATE,
				java.nio.file.StandardOpenOption.APPEND);
	}

}
