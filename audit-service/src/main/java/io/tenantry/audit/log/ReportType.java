package io.tenantry.audit.log;

import java.util.Arrays;

/**
 * The kinds of compliance report, each a fixed selection of actions (event names follow
 * {@code io.tenantry.<domain>.<event>.v<N>}):
 * <ul>
 * <li>{@code access-review} (SOX): who granted or removed which role, permission,
 * membership or API client;</li>
 * <li>{@code security}: failed logins, lockouts, MFA changes, everything from the security
 * domain (threats, incidents, responses);</li>
 * <li>{@code privacy} (GDPR): data exports and erasures;</li>
 * <li>{@code custom}: only the request's filters.</li>
 * </ul>
 */
enum ReportType {

	ACCESS_REVIEW("access-review",
			" and (action ~ '\\.(role|permission|membership|member|api-client|invitation)-[a-z-]+\\.v[0-9]+$')"),
	SECURITY("security",
			" and (action like 'io.tenantry.security.%' or action like 'io.tenantry.auth.%'"
					+ " or action ~ '\\.(login-failed|account-locked|account-unlocked|mfa-[a-z-]+|password-[a-z-]+"
					+ "|session-[a-z-]+|token-reuse-detected)\\.v[0-9]+$')"),
	PRIVACY("privacy", " and (action ~ '\\.(data-exported|data-erased|erasure-[a-z-]+|export-[a-z-]+)\\.v[0-9]+$')"),
	CUSTOM("custom", "");

	private final String slug;

	private final String condition;

	ReportType(String slug, String condition) {
		this.slug = slug;
		this.condition = condition;
	}

	String slug() {
		return this.slug;
	}

	String condition() {
		return this.condition;
	}

	static ReportType of(String slug) {
		return Arrays.stream(values())
			.filter((type) -> type.slug.equals(slug))
			.findFirst()
			.orElseThrow(() -> new io.tenantry.common.web.InvalidRequestException("type",
					"must be one of access-review, security, privacy, custom"));
	}

}
