package io.tenantry.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.localstack.Console;
import io.tenantry.localstack.LocalStack;
import io.tenantry.localstack.Options;

/**
 * The real suite, started once per test JVM through local-stack's launcher on its own
 * ports (offset 10000, beside any developer stack) and a fresh data directory.
 */
final class Suite {

	static final String ADMIN_EMAIL = "admin@tenantry.local";

	static final String ADMIN_PASSWORD = "e2e-admin-password";

	static final Duration DELETION_GRACE_PERIOD = Duration.ofSeconds(5);

	static final UUID PLATFORM_TENANT = UUID.fromString("00000000-0000-0000-0000-000000000001");

	static final int PORT_OFFSET = 10000;

	private static LocalStack stack;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Suite() {
	}

	static synchronized LocalStack stack() {
		if (stack == null) {
			Path dataDir = Path.of("target", "e2e-data").toAbsolutePath();
			deleteRecursively(dataDir);
			stack = startOn(dataDir);
			Runtime.getRuntime().addShutdownHook(new Thread(Suite::stop, "e2e-suite-stop"));
		}
		return stack;
	}

	/** Starts a suite on {@code dataDir}, keeping what an earlier run left there. */
	static LocalStack startOn(Path dataDir) {
		Options options = Options.defaults(projectRoot())
			.withDataDir(dataDir)
			.withPortOffset(PORT_OFFSET)
			.withAdminPassword(ADMIN_PASSWORD)
			// a deleted tenant is purged seconds later, not after 30 days
			.withJvmOptions(List.of("-DTENANTRY_DELETION_GRACE_PERIOD=" + DELETION_GRACE_PERIOD.toSeconds() + "s",
					"-DTENANTRY_PURGE_INTERVAL=1s"));
		LocalStack started = new LocalStack(options, new Console(System.out));
		try {
			started.start();
		}
		catch (IOException ex) {
			started.close();
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			started.close();
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (RuntimeException ex) {
			started.close();
			throw ex;
		}
		return started;
	}

	static synchronized void replace(LocalStack restarted) {
		stack = restarted;
	}

	static synchronized void stop() {
		if (stack != null) {
			stack.close();
		}
	}

	static String gateway() {
		return stack().gatewayUrl();
	}

	static int postgresPort() {
		return stack().options().postgresPort();
	}

	static String adminToken() {
		HttpResponse<String> response = post("/api/auth/login",
				"{\"tenant\":\"platform\",\"email\":\"" + ADMIN_EMAIL + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Admin login failed: " + response.statusCode() + " " + response.body());
		}
		return JsonPath.read(response.body(), "$.access_token");
	}

	static HttpResponse<String> get(String path, String token, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway() + path))
			.timeout(Duration.ofSeconds(30));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		headers.forEach(request::header);
		return send(request.build());
	}

	static HttpResponse<String> get(String path, String token) {
		return get(path, token, Map.of());
	}

	static HttpResponse<String> post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(gateway() + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	static HttpResponse<String> post(String path, String json, String token) {
		return send(HttpRequest.newBuilder(URI.create(gateway() + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	static HttpResponse<String> put(String path, String json, String token) {
		return send(HttpRequest.newBuilder(URI.create(gateway() + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + token)
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	static HttpResponse<String> delete(String path, String token) {
		return send(HttpRequest.newBuilder(URI.create(gateway() + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token)
			.DELETE()
			.build());
	}

	/** The local mailbox user-service writes password resets and invitations to. */
	static Path mailbox() {
		return stack().options().mailbox();
	}

	static HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String jdbcUrl(String database) {
		return "jdbc:postgresql://localhost:" + postgresPort() + "/" + database;
	}

	private static Path projectRoot() {
		Path here = Path.of("").toAbsolutePath();
		return Files.exists(here.resolve("e2e-tests")) ? here : here.getParent();
	}

	private static void deleteRecursively(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
