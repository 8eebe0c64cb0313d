package io.tenantry.localstack;

import java.util.List;

/**
 * One Spring Boot application of the suite, started from its module's jar.
 *
 * @param name module folder = artifact = application name
 * @param basePort its port with no offset
 */
public record App(String name, int basePort) {

	public static final App DISCOVERY = new App("discovery", 8761);

	public static final App CONFIG_SERVER = new App("config-server", 8888);

	public static final App GATEWAY = new App("gateway", 3007);

	/** The domain services, each with its own database. */
	public static final List<App> DOMAIN_SERVICES = List.of(new App("tenant-service", 8081),
			new App("organization-service", 8082), new App("user-service", 8083), new App("billing-service", 8084),
			new App("security-service", 8085), new App("audit-service", 8086));

	/** Everything the launcher starts, in start order. */
	public static List<App> all() {
		return java.util.stream.Stream
			.concat(java.util.stream.Stream.of(DISCOVERY, CONFIG_SERVER), java.util.stream.Stream
				.concat(DOMAIN_SERVICES.stream(), java.util.stream.Stream.of(GATEWAY)))
			.toList();
	}

	public static App named(String name) {
		return all().stream()
			.filter((app) -> app.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No such application: " + name));
	}

	/**
	 * The applications every login and every call goes through: user-service hashes
	 * passwords (Argon2id) and signs tokens (RSA), the gateway verifies a signature on every
	 * request. Both run 2 to 3 times slower without the optimising compiler, so they keep
	 * it; the others start with the quick one only, to save memory and start time.
	 */
	public boolean onRequestPath() {
		return this.equals(GATEWAY) || this.name.equals("user-service");
	}

	public boolean hasDatabase() {
		return DOMAIN_SERVICES.contains(this);
	}

}
