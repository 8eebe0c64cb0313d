package io.tenantry.common.events;

import java.util.List;

/**
 * Kafka topics, one per publishing domain, keyed by tenant id. Explicit names, never
 * derived from class names; a consumer's dead letters go to {@code <topic>.dlt}.
 */
public final class Topics {

	public static final String TENANT = "tenantry.tenant.v1";

	public static final String ORGANIZATION = "tenantry.organization.v1";

	public static final String USER = "tenantry.user.v1";

	public static final String BILLING = "tenantry.billing.v1";

	public static final String SECURITY = "tenantry.security.v1";

	public static final String USAGE = "tenantry.usage.v1";

	/** What happened to the audit log itself (an operator's cross-tenant read, ...). */
	public static final String AUDIT = "tenantry.audit.v1";

	public static final List<String> ALL = List.of(TENANT, ORGANIZATION, USER, BILLING, SECURITY, USAGE, AUDIT);

	/** Every domain topic, and no dead-letter topic. */
	public static final String ALL_PATTERN = "tenantry\\.[a-z]+\\.v\\d+";

	public static final String DEAD_LETTER_SUFFIX = ".dlt";

	private Topics() {
	}

}
