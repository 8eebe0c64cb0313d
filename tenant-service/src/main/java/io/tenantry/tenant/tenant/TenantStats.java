package io.tenantry.tenant.tenant;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.ProcessedEvents;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.ResourceNotFoundException;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A tenant's statistics, kept as a projection of the other services' events so that
 * reading them never calls another service: the tenant's users and their statuses from
 * user-service's {@code user.*} events, its organizations from organization-service's, and
 * the time of the tenant's latest event of either as its last activity. Its API calls and
 * storage come from {@code usage.recorded} events on {@code tenantry.usage.v1} (decision 13):
 * the calls the gateway counted, summed over every event since the tenant's first, and the
 * storage last reported. The same events report two onboarding steps to
 * {@link Provisioning}.
 */
@Service
class TenantStats {

	static final String CONSUMER = "tenant-stats";

	static final String USAGE_RECORDED = "io.tenantry.usage.recorded.v1";

	static final String API_CALLS = "api_calls";

	static final String STORAGE_BYTES = "storage_bytes";

	private static final String[] USER_STATUSES = { "INVITED", "ACTIVE", "LOCKED", "DISABLED" };

	private final TenantRepository tenants;

	private final ProcessedEvents processed;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Provisioning provisioning;

	TenantStats(TenantRepository tenants, ProcessedEvents processed, JdbcTemplate jdbc,
			TransactionTemplate transactions, Provisioning provisioning) {
		this.tenants = tenants;
		this.processed = processed;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.provisioning = provisioning;
	}

	StatsView get(Operator caller, UUID id) {
		UUID scope = caller.platformAdmin() ? id : caller.tenantId();
		return TenantContext.callAs(scope, () -> this.transactions.execute((tx) -> {
			if (!this.tenants.existsById(id)) {
				throw new ResourceNotFoundException("Tenant", id);
			}
			Map<String, Long> users = new LinkedHashMap<>();
			for (String status : USER_STATUSES) {
				users.put(status, 0L);
			}
			this.jdbc.query("select status, count(*) from tenant_user group by status",
					(rs) -> { users.put(rs.getString(1), rs.getLong(2)); });
			long total = users.values().stream().mapToLong(Long::longValue).sum();
			return this.jdbc
				.query("select organizations, api_calls, storage_bytes, last_activity_at from tenant_activity",
						(rs, row) -> new StatsView(id, total, users, rs.getLong(1), rs.getLong(2), rs.getLong(3),
								instant(rs.getTimestamp(4))))
				.stream()
				.findFirst()
				.orElseGet(() -> new StatsView(id, total, users, 0, 0, 0, null));
		}));
	}

	@KafkaListener(id = "tenant-service-stats", topics = Topics.USER)
	void onUserEvent(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		if (event.tenantId() == null) {
			return;
		}
		this.processed.handleOnce(CONSUMER, event, (e) -> apply(e, e.data()));
	}

	/**
	 * Organizations: counted from organization-service's events; a root organization's
	 * creation is also the {@code organization} step of onboarding.
	 */
	@KafkaListener(id = "tenant-service-organizations", topics = Topics.ORGANIZATION)
	void onOrganizationEvent(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		JsonNode data = event.data();
		boolean created = event.type().equals("io.tenantry.organization.created.v1");
		if (data == null || !(created || event.type().equals("io.tenantry.organization.deleted.v1"))) {
			return;
		}
		this.processed.handleOnce(CONSUMER, event, (e) -> {
			this.jdbc.update("""
					insert into tenant_activity (tenant_id, organizations, last_activity_at) values (?, greatest(?, 0), ?)
					on conflict (tenant_id) do update
					set organizations = greatest(tenant_activity.organizations + ?, 0),
					    last_activity_at = greatest(tenant_activity.last_activity_at, excluded.last_activity_at)
					""", e.tenantId(), created ? 1 : 0, Timestamp.from(e.time()), created ? 1 : -1);
			if (created && !data.hasNonNull("parentId")) {
				this.provisioning.done(e.tenantId(), Provisioning.ORGANIZATION,
						"root organization " + data.get("organizationId").asString());
			}
		});
	}

	/**
	 * Usage (decision 13): {@code api_calls} is a counter, each event's quantity (the calls of
	 * one gateway flush window) added to the tenant's total; {@code storage_bytes} a level,
	 * the event's quantity replacing the last (the topic's per-tenant order makes the latest
	 * win). Other metrics are not statistics here ({@code users} are counted from user-service's
	 * own events). Each event counts once, however often it is delivered.
	 */
	@KafkaListener(id = "tenant-service-usage", topics = Topics.USAGE)
	void onUsageEvent(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		JsonNode data = event.data();
		if (!event.type().equals(USAGE_RECORDED) || data == null || !data.hasNonNull("metric")
				|| !data.hasNonNull("quantity") || data.get("quantity").asLong() < 0) {
			return;
		}
		String metric = data.get("metric").asString();
		long quantity = data.get("quantity").asLong();
		if (metric.equals(API_CALLS)) {
			this.processed.handleOnce(CONSUMER, event, (e) -> this.jdbc.update("""
					insert into tenant_activity (tenant_id, api_calls) values (?, ?)
					on conflict (tenant_id) do update set api_calls = tenant_activity.api_calls + excluded.api_calls
					""", e.tenantId(), quantity));
		}
		else if (metric.equals(STORAGE_BYTES)) {
			this.processed.handleOnce(CONSUMER, event, (e) -> this.jdbc.update("""
					insert into tenant_activity (tenant_id, storage_bytes) values (?, ?)
					on conflict (tenant_id) do update set storage_bytes = excluded.storage_bytes
					""", e.tenantId(), quantity));
		}
	}

	private void apply(IncomingEvent event, JsonNode data) {
		Timestamp at = Timestamp.from(event.time());
		String type = event.type();
		if (data != null && data.hasNonNull("userId")) {
			UUID user = UUID.fromString(data.get("userId").asString());
			if (type.equals("io.tenantry.user.created.v1") && data.hasNonNull("status")) {
				setStatus(event.tenantId(), user, data.get("status").asString(), at);
				if (data.hasNonNull("roles") && data.get("roles").toString().contains("\"OWNER\"")) {
					this.provisioning.done(event.tenantId(), Provisioning.OWNER, "the first OWNER was invited");
				}
			}
			else if (type.equals("io.tenantry.user.status-changed.v1") && data.hasNonNull("to")) {
				setStatus(event.tenantId(), user, data.get("to").asString(), at);
			}
			else if (type.equals("io.tenantry.user.deleted.v1")) {
				this.jdbc.update("delete from tenant_user where user_id = ?", user);
			}
		}
		this.jdbc.update("""
				insert into tenant_activity (tenant_id, last_activity_at) values (?, ?)
				on conflict (tenant_id) do update
				set last_activity_at = greatest(tenant_activity.last_activity_at, excluded.last_activity_at)
				""", event.tenantId(), at);
	}

	private void setStatus(UUID tenant, UUID user, String status, Timestamp at) {
		this.jdbc.update("""
				insert into tenant_user (tenant_id, user_id, status, updated_at) values (?, ?, ?, ?)
				on conflict (tenant_id, user_id) do update set status = excluded.status, updated_at = excluded.updated_at
				where tenant_user.updated_at <= excluded.updated_at
				""", tenant, user, status, at);
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * @param users the tenant's users by status
	 * @param lastActivityAt the time of the tenant's latest event, of any kind
	 */
	record StatsView(UUID tenantId, long totalUsers, Map<String, Long> users, long organizations, long apiCalls,
			long storageBytes, Instant lastActivityAt) {
	}

}
