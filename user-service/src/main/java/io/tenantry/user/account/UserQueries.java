package io.tenantry.user.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tenantry.common.web.ListQuery;
import io.tenantry.common.web.PageResponse;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The user list with its filters, and the overview statistics; both under RLS. */
@Component
class UserQueries {

	private static final Map<String, String> SORTS = Map.of("createdAt", "created_at", "email", "lower(email)",
			"displayName", "lower(display_name)", "lastLoginAt", "last_login_at");

	private final JdbcTemplate jdbc;

	private final UserAccountRepository accounts;

	private final Clock clock;

	UserQueries(JdbcTemplate jdbc, UserAccountRepository accounts, Clock clock) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.clock = clock;
	}

	/**
	 * @param status one of the statuses, or null
	 * @param role one of the roles, or null
	 * @param q matched against email and display name, ignoring case, or null
	 * @param sort a field, optionally with {@code ,asc} or {@code ,desc}
	 */
	@Transactional(readOnly = true)
	PageResponse<UserView> list(Caller caller, String status, String role, String q, int page, int size,
			String sort) {
		requireReader(caller);
		ListQuery query = ListQuery.from("user_account");
		AccountStatus byStatus = query.enumValue("status", status, AccountStatus.class);
		Role byRole = query.enumValue("role", role, Role.class);
		query.whereIf(byStatus, "status = ?", (byStatus != null) ? byStatus.name() : null)
			.whereIf(byRole, "? = any(roles)", (byRole != null) ? byRole.name() : null)
			.search("q", q, "email", "display_name");
		return query.page(this.jdbc, "id", UUID.class, SORTS, sort, "createdAt,desc", page, size, (ids) -> {
			Map<UUID, UserAccount> byId = new LinkedHashMap<>();
			this.accounts.findAllById(ids).forEach((account) -> byId.put(account.getId(), account));
			return ids.stream().filter(byId::containsKey).map((id) -> UserView.of(byId.get(id))).toList();
		});
	}

	@Transactional(readOnly = true)
	Map<String, Object> overview(Caller caller) {
		requireReader(caller);
		Map<String, Object> overview = new LinkedHashMap<>();
		Map<String, Long> byStatus = new LinkedHashMap<>();
		for (AccountStatus status : AccountStatus.values()) {
			byStatus.put(status.name(), 0L);
		}
		this.jdbc.query("select status, count(*) from user_account group by status",
				(rs) -> { byStatus.put(rs.getString(1), rs.getLong(2)); });
		Map<String, Long> byRole = new LinkedHashMap<>();
		for (Role role : Role.values()) {
			byRole.put(role.name(), 0L);
		}
		this.jdbc.query("select unnest(roles) as role, count(*) from user_account group by role",
				(rs) -> { byRole.put(rs.getString(1), rs.getLong(2)); });
		long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
		Long mfa = this.jdbc.queryForObject("select count(*) from user_account where mfa_enabled_at is not null",
				Long.class);
		Instant now = this.clock.instant();
		Map<String, Object> logins = new LinkedHashMap<>();
		for (Map.Entry<String, Duration> window : List.of(Map.entry("last24h", Duration.ofHours(24)),
				Map.entry("last7d", Duration.ofDays(7)), Map.entry("last30d", Duration.ofDays(30)))) {
			Map<String, Object> counts = this.jdbc.queryForMap("""
					select count(*) filter (where succeeded) as succeeded, count(*) filter (where not succeeded) as failed
					from login_attempt where attempted_at > ?
					""", Timestamp.from(now.minus(window.getValue())));
			logins.put(window.getKey(), counts);
		}
		overview.put("total", total);
		overview.put("byStatus", byStatus);
		overview.put("byRole", byRole);
		overview.put("logins", logins);
		Map<String, Object> mfaAdoption = new LinkedHashMap<>();
		mfaAdoption.put("enrolled", (mfa != null) ? mfa : 0L);
		mfaAdoption.put("ratio", (total == 0) ? 0.0 : Math.round(1000.0 * ((mfa != null) ? mfa : 0L) / total) / 1000.0);
		overview.put("mfa", mfaAdoption);
		return overview;
	}

	private static void requireReader(Caller caller) {
		if (!caller.hasAnyRole(Role.USER_READERS)) {
			throw new AccessDeniedException("Only OWNER, ADMIN, SECURITY_ADMIN or AUDITOR may list users");
		}
	}

}
